-- winning: one row per cell: its winning sparsity (the largest sparsity with a jackpot or secondary-prize verdict;
-- NULL when there is none), its jackpot sparsity, and whether an unknown verdict above could still change it
-- (undecided_sparsity, winning_sparsity_settled; jackpot_open: some unknown verdict could still be a jackpot).
SELECT architecture, depth, width, residual, dataset, epochs, pruning_method,
       MAX(winning_sparsity) AS winning_sparsity, MAX(jackpot_sparsity) AS jackpot_sparsity,
       MAX(undecided_sparsity) AS undecided_sparsity, BOOL_AND(winning_sparsity_settled) AS winning_sparsity_settled,
       COUNT(*) AS sparsities,
       CAST(SUM(IF(verdict = 'jackpot', 1, 0)) AS INT) AS jackpots,
       CAST(SUM(IF(verdict = 'secondary prize', 1, 0)) AS INT) AS secondary_prizes,
       CAST(SUM(IF(verdict = 'unknown', 1, 0)) AS INT) AS unknowns,
       BOOL_OR(verdict = 'unknown' AND verdict_at_most = 'jackpot') AS jackpot_open
FROM verdicts
GROUP BY architecture, depth, width, residual, dataset, epochs, pruning_method
