import type { Provider, Type } from '@nestjs/common';

// The notifier's intake part, as NotifierModule wires it.

export const INTAKE_PROVIDERS: Provider[] = [];
export const INTAKE_CONTROLLERS: Type[] = [];
