-- curves: training curves: per cell, learning rate, kind, round and epoch, the test accuracy (points) and the
-- training loss, means over the seeds that reached that epoch (a diverged run stops early and its last epochs
-- have no accuracy). Only trials that count (status ok or diverged).
SELECT t.architecture, t.depth, t.width, t.residual, t.dataset, t.epochs, t.pruning_method, t.lr,
       e.kind, e.round, e.epoch,
       COUNT(e.test_acc) AS seeds, AVG(100 * e.test_acc) AS test_acc_mean, STDDEV_SAMP(100 * e.test_acc) AS test_acc_std,
       AVG(e.train_loss) AS train_loss_mean
FROM epochs e JOIN trials t ON e.sweep = t.sweep AND e.trial_id = t.trial_id
WHERE t.status IN ('ok', 'diverged')
GROUP BY t.architecture, t.depth, t.width, t.residual, t.dataset, t.epochs, t.pruning_method, t.lr, e.kind, e.round,
         e.epoch
