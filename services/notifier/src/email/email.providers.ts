import type { Provider, Type } from '@nestjs/common';
import { EmailAttempts } from './email-attempts';
import { EmailDigest } from './email-digest';
import { EmailWorker } from './email-worker';
import { MailSender } from './mail-sender';

// The notifier's email part, as NotifierModule wires it: the mail server, immediate e-mail and
// the digest (both idle without SMTP_URL).

export const EMAIL_PROVIDERS: Provider[] = [MailSender, EmailAttempts, EmailWorker, EmailDigest];
export const EMAIL_CONTROLLERS: Type[] = [];
