-- What the summary's means replace or leave out, for the note printed under it, from the view runs: runs that
-- diverged (counted at chance), runs a diverged trial never reached (imputed at chance), the trials they belong to,
-- the chance levels used (analysis.chance per dataset), and trials that failed (in no mean).
SELECT
  (SELECT COUNT(*) FROM runs WHERE diverged AND NOT imputed) AS diverged_runs,
  (SELECT COUNT(*) FROM runs WHERE imputed) AS imputed_runs,
  (SELECT COUNT(DISTINCT sweep, trial_id) FROM runs WHERE diverged) AS diverged_trials,
  (SELECT COUNT(*) FROM trials WHERE status = 'failed') AS failed_trials,
  (SELECT CONCAT_WS(', ', COLLECT_LIST(FORMAT_STRING('%.2f%%', chance))) FROM
    (SELECT DISTINCT chance FROM analysis_params ORDER BY chance)) AS chance_levels
