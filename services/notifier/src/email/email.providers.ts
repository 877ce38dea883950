import type { Provider, Type } from '@nestjs/common';

// The notifier's email part, as NotifierModule wires it.

export const EMAIL_PROVIDERS: Provider[] = [];
export const EMAIL_CONTROLLERS: Type[] = [];
