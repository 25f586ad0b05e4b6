-- guidelines: the outcomes per level of each factor, in the style of the guideline tables of Ma et al. (2021,
-- section 3.2): for every factor and each of its values, the mean LT - RR and LT - dense gaps (points, over the
-- trial-level observations of trial_outcomes: every trial and pruning round), the mean R_p of the LT at p = 0.1,
-- and at cell level the share of cells with a winner and their mean winning sparsity (cells whose verdicts are
-- still open are left out, see cell_outcomes). "lr | residual on/off" splits the learning rate by residual
-- connections, the split behind the paper's main finding. level_order sorts the levels of a factor.
WITH t AS (SELECT *, IF(residual, 'on', 'off') AS res FROM trial_outcomes),
c AS (SELECT * FROM cell_outcomes),
trial_level AS (
  SELECT 'lr' AS factor, CAST(lr AS STRING) AS level, lr AS level_order, * FROM t
  UNION ALL SELECT CONCAT('lr | residual ', res), CAST(lr AS STRING), lr, * FROM t
  UNION ALL SELECT 'epochs', CAST(epochs AS STRING), epochs, * FROM t
  UNION ALL SELECT 'width', CAST(width AS STRING), width, * FROM t
  UNION ALL SELECT 'residual', res, IF(residual, 1, 0), * FROM t
  UNION ALL SELECT 'depth', CAST(depth AS STRING), depth, * FROM t
  UNION ALL SELECT 'dataset', dataset, 0, * FROM t
  UNION ALL SELECT 'sparsity', CAST(sparsity AS STRING), sparsity, * FROM t
),
by_trial AS (
  SELECT factor, level, MIN(level_order) AS level_order, COUNT(DISTINCT trial_id) AS trials,
         COUNT(*) AS observations,
         AVG(lt_rr_gap) AS lt_rr_gap_mean, STDDEV_SAMP(lt_rr_gap) AS lt_rr_gap_std,
         AVG(lt_dense_gap) AS lt_dense_gap_mean, STDDEV_SAMP(lt_dense_gap) AS lt_dense_gap_std,
         AVG(lt_rp_10) AS lt_rp_10_mean
  FROM trial_level GROUP BY factor, level
),
cell_level AS (
  SELECT 'epochs' AS factor, CAST(epochs AS STRING) AS level, * FROM c
  UNION ALL SELECT 'width', CAST(width AS STRING), * FROM c
  UNION ALL SELECT 'residual', IF(residual, 'on', 'off'), * FROM c
  UNION ALL SELECT 'depth', CAST(depth AS STRING), * FROM c
  UNION ALL SELECT 'dataset', dataset, * FROM c
),
by_cell AS (
  SELECT factor, level, COUNT(*) AS cells, AVG(has_winner) AS winner_share,
         AVG(winning_sparsity) AS winning_sparsity_mean
  FROM cell_level GROUP BY factor, level
)
SELECT t.factor, t.level, t.level_order, t.trials, t.observations,
       t.lt_rr_gap_mean, t.lt_rr_gap_std, t.lt_dense_gap_mean, t.lt_dense_gap_std, t.lt_rp_10_mean,
       c.cells, c.winner_share, c.winning_sparsity_mean
FROM by_trial t LEFT JOIN by_cell c ON c.factor = t.factor AND c.level = t.level
