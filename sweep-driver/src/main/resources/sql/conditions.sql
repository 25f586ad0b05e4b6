-- conditions: the paper's five conditions (LTH-SPEC.md, "When is a ticket a winner") for every cell
-- (architecture, width, residual, dataset, epochs, pruning method), sparsity (pruning round) and learning rate lr
-- at which the LT was trained, with the numbers behind each. Accuracies in points, means over seeds.
--   1. sparsity >= analysis.min-sparsity and T is the full budget: epochs >= analysis.full-budget-epochs, or when
--      that is 0, epochs is the largest the sweep ran with the same architecture, width, residual, dataset and
--      pruning method.
--   2. A_LT(lr) - max over lr' of A_SDT(lr') > gap   (SDT at the same sparsity; its best lr, so that a badly
--      tuned small dense network cannot make a ticket look good)
--   3. A_LT(lr) - max over lr' of A_RR(lr') > gap    (RR at the same sparsity)
--   4. A_LT(lr) >= A_DENSE(lr) - similar
--   5. A_LT(lr) >= max over lr' of A_DENSE(lr') - similar
-- lr' ranges over every learning rate the sweep ran for the cell (failed trials included: a learning rate whose
-- trials all failed is a hole in the grid, not a learning rate that was never meant).
-- Each condition is 'pass', 'fail' or 'unknown'. Unknown: its inputs were not run. Condition 2 when no SDT ran
-- at that sparsity; any condition whose mean has fewer than analysis.min-seeds seeds or is missing. A "max over
-- lr'" with some lr' unknown still fails for sure when the known part already fails it: more data can only raise
-- a maximum. Diverged runs are in the means at chance accuracy (see runs.sql).
-- Differences are rounded to 6 decimals before comparing, so a difference that equals a tolerance in decimal
-- (90.5 - 90.0 = 0.5) equals it whatever binary floating point made of the accuracies.
WITH stats AS (
  SELECT STRUCT(architecture, depth, width, residual, dataset, epochs, pruning_method) AS cell, * FROM kind_stats
),
cell_lrs AS (
  SELECT DISTINCT STRUCT(architecture, depth, width, residual, dataset, epochs, pruning_method) AS cell, lr FROM trials
),
budget AS (
  SELECT architecture, width, residual, dataset, pruning_method, MAX(epochs) AS max_epochs
  FROM trials GROUP BY architecture, width, residual, dataset, pruning_method
),
points AS (SELECT DISTINCT cell, round FROM stats WHERE kind = 'LT'),
across AS (
  SELECT pt.cell, pt.round, l.lr AS lr2, p.min_seeds,
         rr.mean AS rr_mean, rr.std AS rr_std, rr.seeds AS rr_seeds,
         sdt.mean AS sdt_mean, sdt.std AS sdt_std, sdt.seeds AS sdt_seeds,
         d.mean AS d_mean, d.std AS d_std, d.seeds AS d_seeds
  FROM points pt
  JOIN cell_lrs l ON l.cell = pt.cell
  JOIN analysis_params p ON p.dataset = pt.cell.dataset
  LEFT JOIN stats rr ON rr.cell = pt.cell AND rr.lr = l.lr AND rr.kind = 'RR' AND rr.round = pt.round
  LEFT JOIN stats sdt ON sdt.cell = pt.cell AND sdt.lr = l.lr AND sdt.kind = 'SDT' AND sdt.round = pt.round
  LEFT JOIN stats d ON d.cell = pt.cell AND d.lr = l.lr AND d.kind = 'DENSE'
),
best AS (
  SELECT cell, round, COUNT(*) AS grid_lrs,
         COUNT(rr_seeds) AS rr_run_lrs, COUNT(IF(rr_seeds >= min_seeds, 1, NULL)) AS rr_usable_lrs,
         MAX_BY(STRUCT(lr2 AS lr, rr_mean AS mean, rr_std AS std, rr_seeds AS seeds),
                IF(rr_seeds >= min_seeds, rr_mean, NULL)) AS rr,
         COUNT(sdt_seeds) AS sdt_run_lrs, COUNT(IF(sdt_seeds >= min_seeds, 1, NULL)) AS sdt_usable_lrs,
         MAX_BY(STRUCT(lr2 AS lr, sdt_mean AS mean, sdt_std AS std, sdt_seeds AS seeds),
                IF(sdt_seeds >= min_seeds, sdt_mean, NULL)) AS sdt,
         COUNT(IF(d_seeds >= min_seeds, 1, NULL)) AS dense_usable_lrs,
         MAX_BY(STRUCT(lr2 AS lr, d_mean AS mean, d_std AS std, d_seeds AS seeds),
                IF(d_seeds >= min_seeds, d_mean, NULL)) AS dense_best
  FROM across GROUP BY cell, round
),
numbers AS (
  SELECT lt.cell, lt.round, lt.sparsity, lt.lr,
         lt.mean AS lt_mean, lt.std AS lt_std, lt.seeds AS lt_seeds, lt.diverged AS lt_diverged,
         d.mean AS dense_mean, d.std AS dense_std, d.seeds AS dense_seeds,
         b.sdt.mean AS sdt_best_mean, b.sdt.std AS sdt_best_std, b.sdt.seeds AS sdt_best_seeds, b.sdt.lr AS sdt_best_lr,
         b.rr.mean AS rr_best_mean, b.rr.std AS rr_best_std, b.rr.seeds AS rr_best_seeds, b.rr.lr AS rr_best_lr,
         b.dense_best.mean AS dense_best_mean, b.dense_best.std AS dense_best_std,
         b.dense_best.seeds AS dense_best_seeds, b.dense_best.lr AS dense_best_lr,
         b.grid_lrs, b.sdt_run_lrs, b.sdt_usable_lrs, b.rr_run_lrs, b.rr_usable_lrs, b.dense_usable_lrs,
         ROUND(lt.mean - b.sdt.mean, 6) AS lt_minus_sdt,
         ROUND(lt.mean - b.rr.mean, 6) AS lt_minus_rr,
         ROUND(lt.mean - d.mean, 6) AS lt_minus_dense,
         ROUND(lt.mean - b.dense_best.mean, 6) AS lt_minus_dense_best,
         p.gap, p.similar, p.min_sparsity, p.min_seeds,
         IF(p.full_budget_epochs > 0, p.full_budget_epochs, bu.max_epochs) AS full_budget_epochs
  FROM stats lt
  JOIN best b ON b.cell = lt.cell AND b.round = lt.round
  JOIN analysis_params p ON p.dataset = lt.cell.dataset
  JOIN budget bu ON bu.architecture = lt.architecture AND bu.width = lt.width AND bu.residual = lt.residual
                AND bu.dataset = lt.dataset AND bu.pruning_method = lt.pruning_method
  LEFT JOIN stats d ON d.cell = lt.cell AND d.lr = lt.lr AND d.kind = 'DENSE'
  WHERE lt.kind = 'LT'
)
SELECT cell.architecture, cell.depth, cell.width, cell.residual, cell.dataset, cell.epochs, cell.pruning_method,
       round, sparsity, lr,
       CASE WHEN sparsity >= min_sparsity AND cell.epochs >= full_budget_epochs THEN 'pass' ELSE 'fail' END AS c1,
       CASE WHEN sdt_run_lrs = 0 OR lt_seeds < min_seeds THEN 'unknown'
            WHEN lt_minus_sdt <= gap THEN 'fail'
            WHEN sdt_usable_lrs = grid_lrs THEN 'pass'
            ELSE 'unknown' END AS c2,
       CASE WHEN lt_seeds < min_seeds THEN 'unknown'
            WHEN lt_minus_rr <= gap THEN 'fail'
            WHEN rr_usable_lrs = grid_lrs THEN 'pass'
            ELSE 'unknown' END AS c3,
       CASE WHEN lt_seeds < min_seeds OR COALESCE(dense_seeds, 0) < min_seeds THEN 'unknown'
            WHEN lt_minus_dense >= -similar THEN 'pass'
            ELSE 'fail' END AS c4,
       CASE WHEN lt_seeds < min_seeds THEN 'unknown'
            WHEN lt_minus_dense_best < -similar THEN 'fail'
            WHEN dense_usable_lrs = grid_lrs THEN 'pass'
            ELSE 'unknown' END AS c5,
       lt_mean, lt_std, lt_seeds, lt_diverged,
       sdt_best_mean, sdt_best_std, sdt_best_seeds, sdt_best_lr, lt_minus_sdt,
       rr_best_mean, rr_best_std, rr_best_seeds, rr_best_lr, lt_minus_rr,
       dense_mean, dense_std, dense_seeds, lt_minus_dense,
       dense_best_mean, dense_best_std, dense_best_seeds, dense_best_lr, lt_minus_dense_best,
       grid_lrs, sdt_run_lrs, sdt_usable_lrs, rr_run_lrs, rr_usable_lrs, dense_usable_lrs,
       gap, similar, min_sparsity, min_seeds, full_budget_epochs
FROM numbers
