-- cell_outcomes: the observations of the correlation analysis at cell level (a cell has no learning rate: its
-- verdicts are taken across them): one row per cell with the factors (epochs, width, residual, depth, dataset)
-- and the outcomes
--   winning_sparsity: as in `winning`, 0 when the cell has no winner at any sparsity;
--   has_winner / has_jackpot: 1 when some sparsity has a winner (jackpot or secondary prize) / a jackpot, 0 when
--   none has;
-- each NULL when an unknown verdict could still change it (such cells are left out of the correlations).
SELECT architecture, depth, width, residual, dataset, epochs, pruning_method,
       IF(winning_sparsity_settled, COALESCE(winning_sparsity, 0.0D), NULL) AS winning_sparsity,
       CASE WHEN winning_sparsity IS NOT NULL THEN 1 WHEN undecided_sparsity IS NULL THEN 0 END AS has_winner,
       CASE WHEN jackpot_sparsity IS NOT NULL THEN 1
            WHEN NOT jackpot_open THEN 0 END AS has_jackpot
FROM winning
