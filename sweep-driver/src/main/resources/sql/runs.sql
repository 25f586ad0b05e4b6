-- runs: one row per training run (a trial's dense run, or one ticket kind at one pruning round) of every trial
-- that counts. A trial counts when its status is ok or diverged; a failed trial (an exception) says nothing about
-- the science and is left out.
-- acc: test accuracy in percentage points, of the final or the best epoch (analysis.accuracy).
-- Diverged runs count at chance: a run whose loss became NaN or infinite (or has no accuracy) gets the dataset's
-- chance accuracy (analysis.chance). A diverged trial stops early (IMP cannot go on without the LT), so the runs
-- it never reached are added here too, at chance, with imputed = true: the recipe diverges at that setting, and
-- leaving the runs out would make the learning rate look as if it had not been tried.
-- sparsity is rounded to 6 decimals (1 - 0.8^r computed in floating point is 0.19999999999999996 for r = 1).
WITH counted AS (
  SELECT t.*, p.chance, p.accuracy
  FROM trials t JOIN analysis_params p ON t.dataset = p.dataset
  WHERE t.status IN ('ok', 'diverged')
),
observed AS (
  SELECT c.sweep, c.trial_id, k.kind, k.round, ROUND(k.sparsity_target, 6) AS sparsity,
         IF(c.accuracy = 'best', k.best_acc, k.final_acc) AS raw_acc, k.diverged, k.epochs_trained,
         COALESCE(k.rp_10, IF(k.kind = 'DENSE', c.dense_rp_10, NULL)) AS rp_10,
         COALESCE(k.rp_20, IF(k.kind = 'DENSE', c.dense_rp_20, NULL)) AS rp_20,
         COALESCE(k.rp_30, IF(k.kind = 'DENSE', c.dense_rp_30, NULL)) AS rp_30,
         COALESCE(k.rp_40, IF(k.kind = 'DENSE', c.dense_rp_40, NULL)) AS rp_40,
         COALESCE(k.rp_50, IF(k.kind = 'DENSE', c.dense_rp_50, NULL)) AS rp_50,
         k.grad_norm_init, k.l2_distance, k.cosine_distance
  FROM counted c JOIN tickets k ON k.trial_id = c.trial_id AND k.sweep = c.sweep
),
expected AS (
  SELECT c.sweep, c.trial_id, 'DENSE' AS kind, 0 AS round, 0.0D AS sparsity
  FROM counted c WHERE c.status = 'diverged'
  UNION ALL
  SELECT c.sweep, c.trial_id, kind, r AS round, ROUND(1 - POW(1 - c.prune_rate, r), 6) AS sparsity
  FROM counted c
  LATERAL VIEW EXPLODE(ARRAY_UNION(ARRAY('LT'), TRANSFORM(SPLIT(c.tickets, ','), x -> TRIM(x)))) ks AS kind
  LATERAL VIEW EXPLODE(SEQUENCE(1, c.rounds)) rs AS r
  WHERE c.status = 'diverged'
),
all_runs AS (
  SELECT sweep, trial_id, kind, round, sparsity, raw_acc, diverged, false AS imputed, epochs_trained,
         rp_10, rp_20, rp_30, rp_40, rp_50, grad_norm_init, l2_distance, cosine_distance
  FROM observed
  UNION ALL
  SELECT e.sweep, e.trial_id, e.kind, e.round, e.sparsity, CAST(NULL AS DOUBLE), true, true, 0,
         CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE),
         CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE)
  FROM expected e LEFT ANTI JOIN observed o
    ON o.sweep = e.sweep AND o.trial_id = e.trial_id AND o.kind = e.kind AND o.round = e.round
)
SELECT c.sweep, c.trial_id, c.architecture, c.depth, c.width, c.residual, c.dataset, c.epochs, c.pruning_method,
       c.lr, c.seed, a.kind, a.round, a.sparsity,
       IF(a.diverged OR a.raw_acc IS NULL, c.chance, 100 * a.raw_acc) AS acc,
       a.diverged OR a.raw_acc IS NULL AS diverged, a.imputed, a.epochs_trained,
       a.rp_10, a.rp_20, a.rp_30, a.rp_40, a.rp_50, a.grad_norm_init, a.l2_distance, a.cosine_distance
FROM all_runs a JOIN counted c ON a.sweep = c.sweep AND a.trial_id = c.trial_id
