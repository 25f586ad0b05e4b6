-- What the summary's means leave out or replace, for the note printed under it: runs that diverged (counted at
-- chance) and trials that failed (no rows but their trials row). Only committed trials count.
SELECT
  (SELECT COUNT(*) FROM tickets k JOIN trials tr ON k.trial_id = tr.trial_id AND k.sweep = tr.sweep
    WHERE k.diverged OR k.final_acc IS NULL) AS diverged_runs,
  (SELECT COUNT(*) FROM trials WHERE status = 'diverged') AS diverged_trials,
  (SELECT COUNT(*) FROM trials WHERE status = 'failed') AS failed_trials
