package notify

import (
	"context"
	"time"

	"loket/internal/errs"
)

type outcome int

const (
	nothingDue outcome = iota
	delivered
	notDelivered
)

// recordTimeout bounds writing down what happened to a message that has
// already left, which must not be cut short by a shutdown.
const recordTimeout = 10 * time.Second

// RunOnce delivers the rows that are due, at most BatchSize, and reports
// how many were sent and how many failed. A failed send is recorded on its
// row, not returned: err is about the database or ctx.
func (w *Worker) RunOnce(ctx context.Context) (sent, failed int, err error) {
	for range w.cfg.BatchSize {
		out, err := w.deliverNext(ctx)
		if err != nil {
			return sent, failed, err
		}
		switch out {
		case nothingDue:
			return sent, failed, nil
		case delivered:
			sent++
		case notDelivered:
			failed++
		}
	}
	return sent, failed, nil
}

// deliverNext claims one due row, sends it and records the result, all in
// one transaction: the row stays locked while the mail server answers, and
// a crash before the commit leaves it due for the next try.
func (w *Worker) deliverNext(ctx context.Context) (outcome, error) {
	tx, err := w.cfg.Pool.Begin(ctx)
	if err != nil {
		return nothingDue, errs.Wrap(err, errs.Unavailable, "begin outbox transaction")
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // a no-op after Commit
	row, err := claim(ctx, tx)
	if err != nil || row == nil {
		return nothingDue, wrapDB(err, "claim an outbox row")
	}
	sendErr := w.send(ctx, row)
	if sendErr != nil && ctx.Err() != nil {
		return nothingDue, ctx.Err() // stopping: the row stays as it was
	}
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	log := w.cfg.Logger.With("municipality", row.municipalityID, "outbox_id", row.id, "topic", row.topic)
	if sendErr == nil {
		if err := markSent(rec, tx, row); err != nil {
			return nothingDue, wrapDB(err, "record a sent message")
		}
		if err := tx.Commit(rec); err != nil {
			return nothingDue, wrapDB(err, "record a sent message")
		}
		log.Info("notification sent")
		return delivered, nil
	}
	attempts := row.attempts + 1
	giveUp := errs.KindOf(sendErr) == errs.Invalid || attempts >= w.cfg.MaxAttempts
	retryIn := backoff(attempts, w.cfg.BackoffBase, w.cfg.BackoffMax)
	if err := markFailed(rec, tx, row, sendErr.Error(), retryIn, giveUp); err != nil {
		return nothingDue, wrapDB(err, "record a failed message")
	}
	if err := tx.Commit(rec); err != nil {
		return nothingDue, wrapDB(err, "record a failed message")
	}
	if giveUp {
		log.Error("notification given up", "attempts", attempts, "err", sendErr)
	} else {
		log.Warn("notification not sent, will retry", "attempts", attempts, "retry_in", retryIn, "err", sendErr)
	}
	return notDelivered, nil
}

func (w *Worker) send(ctx context.Context, row *outboxRow) error {
	m, err := w.compose(row)
	if err != nil {
		return err
	}
	return w.cfg.Sender.Send(ctx, m)
}

func wrapDB(err error, what string) error {
	if err == nil {
		return nil
	}
	return errs.Wrap(err, errs.Unavailable, what)
}
