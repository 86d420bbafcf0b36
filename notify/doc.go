// Package notify delivers the notification outbox as e-mail.
//
// Other packages write an outbox row in the same transaction as the change it
// announces; a Worker claims due rows one at a time (SELECT … FOR UPDATE SKIP
// LOCKED, so several workers never take the same row), renders the topic's
// template in the recipient's language, hands the message to a Sender and
// records the outcome before committing. A mail server that is down loses
// nothing: the row is tried again later with a growing delay, and given up
// (available_at = 'infinity', last_error says why) only after MaxAttempts or
// when the message can never be delivered, such as an unknown topic.
//
// Delivery is at least once: a crash between handing a message over and
// committing sends it again, with the same Message-ID, so mail clients can
// recognise the duplicate.
package notify
