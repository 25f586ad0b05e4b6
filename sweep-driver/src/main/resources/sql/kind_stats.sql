-- kind_stats: per cell (architecture, width, residual, dataset, epochs, pruning method), learning rate, kind and
-- round: the accuracy over seeds (mean, sample standard deviation, NULL for a single seed, and how many seeds),
-- how many of those runs diverged (counted at chance) or were never reached, and the mean weight correlation R_p
-- (NULL where the sweep did not measure it). The dense run is kind DENSE at round 0.
SELECT architecture, depth, width, residual, dataset, epochs, pruning_method, lr, kind, round,
       MAX(sparsity) AS sparsity,
       COUNT(*) AS seeds, AVG(acc) AS mean, STDDEV_SAMP(acc) AS std,
       CAST(SUM(IF(diverged, 1, 0)) AS INT) AS diverged, CAST(SUM(IF(imputed, 1, 0)) AS INT) AS imputed,
       AVG(rp_10) AS rp_10, AVG(rp_20) AS rp_20, AVG(rp_30) AS rp_30, AVG(rp_40) AS rp_40, AVG(rp_50) AS rp_50,
       STDDEV_SAMP(rp_10) AS rp_10_std, STDDEV_SAMP(rp_20) AS rp_20_std, STDDEV_SAMP(rp_30) AS rp_30_std,
       STDDEV_SAMP(rp_40) AS rp_40_std, STDDEV_SAMP(rp_50) AS rp_50_std
FROM runs
GROUP BY architecture, depth, width, residual, dataset, epochs, pruning_method, lr, kind, round
