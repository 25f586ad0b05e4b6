-- verdicts: one row per cell and sparsity: the verdict across the cell's learning rates, and the conditions and
-- numbers at the learning rate that decides it (lr; see below).
-- At one lr, conditions 1-4 together are 'pass' when all four pass, 'fail' when any fails, else 'unknown'
-- (three-valued logic: an unknown condition is never counted as passed). A ticket at that lr is a jackpot when
-- 1-4 and 5 pass, a secondary prize when 1-4 pass and 5 fails. The cell's verdict is the best over its lrs.
-- Unknown propagates as a range: each lr gets the worst and the best verdict its unknown conditions leave open
-- (none=0, secondary prize=1, jackpot=2); the cell's range is the maximum of each over the lrs. When the two
-- ends meet, the verdict is that; otherwise verdict = 'unknown', verdict_at_least / verdict_at_most give the
-- range and unknown_conditions names the conditions (c1..c5) that stand in the way, at the lrs that could still
-- raise the verdict. So a sweep without SDT never has a positive verdict (condition 2 unknown), but can have a
-- definite 'none' (condition 3, 4 or 1 fails at every lr).
-- lr is the learning rate whose numbers are shown: the one reaching the cell's verdict (ties: the higher upper
-- end, then the higher LT accuracy).
-- winning_sparsity: the largest sparsity of the cell whose verdict is jackpot or secondary prize (NULL: none);
-- jackpot_sparsity: the same for jackpots; undecided_sparsity: the largest sparsity whose verdict is unknown but
-- could be a winner; winning_sparsity_settled: no such sparsity lies above winning_sparsity.
-- Diverged runs count at chance accuracy (see runs.sql); lt_diverged counts them among the LT seeds at lr.
WITH graded AS (
  SELECT c.*,
         CASE WHEN c1 = 'fail' OR c2 = 'fail' OR c3 = 'fail' OR c4 = 'fail' THEN 'fail'
              WHEN c1 = 'pass' AND c2 = 'pass' AND c3 = 'pass' AND c4 = 'pass' THEN 'pass'
              ELSE 'unknown' END AS c1_4
  FROM conditions c
),
ranged AS (
  SELECT g.*,
         CASE WHEN c1_4 = 'pass' AND c5 = 'pass' THEN 2 WHEN c1_4 = 'pass' THEN 1 ELSE 0 END AS lo,
         CASE WHEN c1_4 = 'fail' THEN 0 WHEN c5 = 'fail' THEN 1 ELSE 2 END AS hi,
         FILTER(ARRAY(IF(c1 = 'unknown', 'c1', NULL), IF(c2 = 'unknown', 'c2', NULL), IF(c3 = 'unknown', 'c3', NULL),
                      IF(c4 = 'unknown', 'c4', NULL), IF(c5 = 'unknown', 'c5', NULL)), x -> x IS NOT NULL) AS unknowns
  FROM graded g
),
per_point AS (
  SELECT architecture, depth, width, residual, dataset, epochs, pruning_method, round,
         MAX(lo) AS lo, MAX(hi) AS hi, COUNT(*) AS lrs,
         MAX_BY(lr, STRUCT(lo, hi, lt_mean)) AS lr,
         CAST(SUM(lt_diverged) AS INT) AS lt_diverged_runs
  FROM ranged
  GROUP BY architecture, depth, width, residual, dataset, epochs, pruning_method, round
),
blocking AS (
  SELECT r.architecture, r.depth, r.width, r.residual, r.dataset, r.epochs, r.pruning_method, r.round,
         CONCAT_WS(',', ARRAY_SORT(ARRAY_DISTINCT(FLATTEN(COLLECT_LIST(IF(r.hi > pp.lo, r.unknowns, ARRAY()))))))
           AS unknown_conditions
  FROM ranged r JOIN per_point pp
    ON r.architecture = pp.architecture AND r.width = pp.width AND r.residual = pp.residual
   AND r.dataset = pp.dataset AND r.epochs = pp.epochs AND r.pruning_method = pp.pruning_method AND r.round = pp.round
  GROUP BY r.architecture, r.depth, r.width, r.residual, r.dataset, r.epochs, r.pruning_method, r.round
),
judged AS (
  SELECT r.architecture, r.depth, r.width, r.residual, r.dataset, r.epochs, r.pruning_method, r.round, r.sparsity,
         CASE WHEN pp.lo < pp.hi THEN 'unknown'
              WHEN pp.lo = 2 THEN 'jackpot' WHEN pp.lo = 1 THEN 'secondary prize' ELSE 'none' END AS verdict,
         ELEMENT_AT(ARRAY('none', 'secondary prize', 'jackpot'), pp.lo + 1) AS verdict_at_least,
         ELEMENT_AT(ARRAY('none', 'secondary prize', 'jackpot'), pp.hi + 1) AS verdict_at_most,
         bl.unknown_conditions, pp.lrs, r.lr,
         r.c1, r.c2, r.c3, r.c4, r.c5,
         r.lt_mean, r.lt_std, r.lt_seeds, r.lt_diverged,
         r.sdt_best_mean, r.sdt_best_std, r.sdt_best_seeds, r.sdt_best_lr, r.lt_minus_sdt,
         r.rr_best_mean, r.rr_best_std, r.rr_best_seeds, r.rr_best_lr, r.lt_minus_rr,
         r.dense_mean, r.dense_std, r.dense_seeds, r.lt_minus_dense,
         r.dense_best_mean, r.dense_best_std, r.dense_best_seeds, r.dense_best_lr, r.lt_minus_dense_best,
         r.gap, r.similar, r.min_sparsity, r.min_seeds, r.full_budget_epochs, pp.lt_diverged_runs
  FROM ranged r
  JOIN per_point pp
    ON r.architecture = pp.architecture AND r.width = pp.width AND r.residual = pp.residual AND r.dataset = pp.dataset
   AND r.epochs = pp.epochs AND r.pruning_method = pp.pruning_method AND r.round = pp.round AND r.lr = pp.lr
  JOIN blocking bl
    ON r.architecture = bl.architecture AND r.width = bl.width AND r.residual = bl.residual AND r.dataset = bl.dataset
   AND r.epochs = bl.epochs AND r.pruning_method = bl.pruning_method AND r.round = bl.round
),
windowed AS (
  SELECT j.*,
         MAX(IF(verdict IN ('jackpot', 'secondary prize'), sparsity, NULL)) OVER cell AS winning_sparsity,
         MAX(IF(verdict = 'jackpot', sparsity, NULL)) OVER cell AS jackpot_sparsity,
         MAX(IF(verdict = 'unknown' AND verdict_at_most <> 'none', sparsity, NULL)) OVER cell AS undecided_sparsity
  FROM judged j
  WINDOW cell AS (PARTITION BY architecture, width, residual, dataset, epochs, pruning_method)
)
SELECT *,
       COALESCE(undecided_sparsity IS NULL OR undecided_sparsity < winning_sparsity, false) AS winning_sparsity_settled
FROM windowed
