-- Accuracy per cell, learning rate and sparsity: dense, LT, RR and RP test accuracy (in %), mean ± sample standard
-- deviation over seeds, read from the view kind_stats, so the summary counts exactly what the report judges:
-- trials with status ok or diverged, the accuracy analysis.accuracy picks (final or best epoch), a diverged run
-- (and a run a diverged trial never reached) at the dataset's analysis.chance. A single seed shows ± 0.00.
-- The dense figure is the same dense run for every sparsity of its cell (one dense run per trial feeds all its
-- tickets).
WITH dense AS (
  SELECT architecture, width, residual, dataset, epochs, pruning_method, lr, seeds, mean, COALESCE(std, 0) AS std
  FROM kind_stats WHERE kind = 'DENSE'
),
sparse AS (
  SELECT architecture, width, residual, dataset, epochs, pruning_method, lr, round, MAX(sparsity) AS sparsity,
         MAX(IF(kind = 'LT', mean, NULL)) AS lt_mean, MAX(IF(kind = 'LT', COALESCE(std, 0), NULL)) AS lt_std,
         MAX(IF(kind = 'RR', mean, NULL)) AS rr_mean, MAX(IF(kind = 'RR', COALESCE(std, 0), NULL)) AS rr_std,
         MAX(IF(kind = 'RP', mean, NULL)) AS rp_mean, MAX(IF(kind = 'RP', COALESCE(std, 0), NULL)) AS rp_std
  FROM kind_stats WHERE kind <> 'DENSE'
  GROUP BY architecture, width, residual, dataset, epochs, pruning_method, lr, round
)
-- Driven by the dense rows, so a cell whose every trial stopped at a diverged dense run still shows (at chance).
SELECT d.architecture, d.width, d.residual, d.dataset, d.epochs, d.pruning_method AS method, d.lr, s.round,
       ROUND(s.sparsity, 3) AS sparsity, d.seeds,
       FORMAT_STRING('%.2f ± %.2f', d.mean, d.std) AS dense,
       IF(s.lt_mean IS NULL, '-', FORMAT_STRING('%.2f ± %.2f', s.lt_mean, s.lt_std)) AS lt,
       IF(s.rr_mean IS NULL, '-', FORMAT_STRING('%.2f ± %.2f', s.rr_mean, s.rr_std)) AS rr,
       IF(s.rp_mean IS NULL, '-', FORMAT_STRING('%.2f ± %.2f', s.rp_mean, s.rp_std)) AS rp
FROM dense d LEFT JOIN sparse s
  ON s.architecture = d.architecture AND s.width = d.width AND s.residual = d.residual AND s.dataset = d.dataset
 AND s.epochs = d.epochs AND s.pruning_method = d.pruning_method AND s.lr = d.lr
ORDER BY d.architecture, d.width, d.residual, d.dataset, d.epochs, d.pruning_method, d.lr, s.round
