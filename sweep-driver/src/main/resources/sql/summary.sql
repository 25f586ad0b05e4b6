-- Accuracy per cell and sparsity: dense, LT, RR and RP final test accuracy (in %), mean ± sample standard
-- deviation over seeds. Only committed trials (those with a row in `trials`) count. A diverged run counts at
-- chance level (10% for the 10-class datasets), as the analysis treats it. The dense figure is the same dense
-- run for every sparsity of its cell (one dense run per trial feeds all its tickets).
WITH runs AS (
  SELECT tr.architecture, tr.width, tr.residual, tr.dataset, tr.epochs, tr.pruning_method AS method, tr.lr,
         tr.seed, k.kind, k.round, k.sparsity_target,
         CASE WHEN k.diverged OR k.final_acc IS NULL THEN 10.0 ELSE 100 * k.final_acc END AS acc
  FROM tickets k JOIN trials tr ON k.trial_id = tr.trial_id AND k.sweep = tr.sweep
),
dense AS (
  SELECT architecture, width, residual, dataset, epochs, method, lr,
         COUNT(*) AS seeds, AVG(acc) AS dense_mean, COALESCE(STDDEV_SAMP(acc), 0) AS dense_std
  FROM runs WHERE kind = 'DENSE'
  GROUP BY architecture, width, residual, dataset, epochs, method, lr
),
sparse AS (
  SELECT architecture, width, residual, dataset, epochs, method, lr, round, sparsity_target,
         AVG(IF(kind = 'LT', acc, NULL)) AS lt_mean, COALESCE(STDDEV_SAMP(IF(kind = 'LT', acc, NULL)), 0) AS lt_std,
         AVG(IF(kind = 'RR', acc, NULL)) AS rr_mean, COALESCE(STDDEV_SAMP(IF(kind = 'RR', acc, NULL)), 0) AS rr_std,
         AVG(IF(kind = 'RP', acc, NULL)) AS rp_mean, COALESCE(STDDEV_SAMP(IF(kind = 'RP', acc, NULL)), 0) AS rp_std
  FROM runs WHERE kind <> 'DENSE'
  GROUP BY architecture, width, residual, dataset, epochs, method, lr, round, sparsity_target
)
-- Driven by the dense rows, so a cell whose every trial stopped at a diverged dense run still shows (at chance).
SELECT d.architecture, d.width, d.residual, d.dataset, d.epochs, d.method, d.lr, s.round,
       ROUND(s.sparsity_target, 3) AS sparsity, d.seeds,
       FORMAT_STRING('%.2f ± %.2f', d.dense_mean, d.dense_std) AS dense,
       IF(s.lt_mean IS NULL, '-', FORMAT_STRING('%.2f ± %.2f', s.lt_mean, s.lt_std)) AS lt,
       IF(s.rr_mean IS NULL, '-', FORMAT_STRING('%.2f ± %.2f', s.rr_mean, s.rr_std)) AS rr,
       IF(s.rp_mean IS NULL, '-', FORMAT_STRING('%.2f ± %.2f', s.rp_mean, s.rp_std)) AS rp
FROM dense d LEFT JOIN sparse s
  ON s.architecture = d.architecture AND s.width = d.width AND s.residual = d.residual AND s.dataset = d.dataset
 AND s.epochs = d.epochs AND s.method = d.method AND s.lr = d.lr
ORDER BY d.architecture, d.width, d.residual, d.dataset, d.epochs, d.method, d.lr, s.round
