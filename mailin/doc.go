// Package mailin reads incoming e-mail so the intake can turn it into tickets.
//
// The intake lists a Maildir with ReadMaildir, parses each file with Parse,
// skips out-of-office replies and bounces with IsAutoReply, and then either
// adds Body(m) as a comment to the ticket named by Reference(m.Subject) or
// opens a new ticket; MarkSeen moves the file out of new/ once it is stored.
// Nothing here touches the database or the network: it is parsing only.
package mailin
