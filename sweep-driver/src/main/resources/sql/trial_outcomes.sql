-- trial_outcomes: the observations of the correlation analysis at trial level: one row per trial and pruning
-- round, with the factors (log10 lr, epochs, width, residual, depth, dataset, and sparsity) and the outcomes,
-- paired within the trial (same seed, same θ0, same dense run):
--   lt_rr_gap    = A_LT - A_RR        (points; NULL when RR did not run)
--   lt_dense_gap = A_LT - A_DENSE     (points)
--   lt_rp_10..50 = R_p of the LT, p = 0.1..0.5 (NULL when the sweep did not measure R_p)
-- Diverged runs are at chance accuracy, as everywhere (runs.sql).
SELECT lt.sweep, lt.trial_id, lt.architecture, lt.depth, lt.width, lt.residual, lt.dataset, lt.epochs,
       lt.pruning_method, lt.lr, LOG10(lt.lr) AS log10_lr, lt.seed, lt.round, lt.sparsity,
       lt.acc - rr.acc AS lt_rr_gap, lt.acc - d.acc AS lt_dense_gap,
       lt.rp_10 AS lt_rp_10, lt.rp_20 AS lt_rp_20, lt.rp_30 AS lt_rp_30, lt.rp_40 AS lt_rp_40, lt.rp_50 AS lt_rp_50
FROM runs lt
JOIN runs d ON d.sweep = lt.sweep AND d.trial_id = lt.trial_id AND d.kind = 'DENSE'
LEFT JOIN runs rr ON rr.sweep = lt.sweep AND rr.trial_id = lt.trial_id AND rr.kind = 'RR' AND rr.round = lt.round
WHERE lt.kind = 'LT'
