import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

const english = /* @__PURE__ */ en().localeError;

/**
 * The message of a zod issue: the caller's own zod config first (a custom error map or a locale
 * set with `z.config`), else zod's English message. The core's schemas are `zod/mini` schemas,
 * which carry no locale of their own (full `zod` installs English on import; `zod/mini` does not),
 * so every parse in the core passes this map and the messages read as they do with full zod.
 */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
  const config = z.config();
  return config.customError?.(issue) ?? config.localeError?.(issue) ?? english(issue);
};

/** `schema.safeParse(input)` with {@link issueMessage} for the messages. */
export function safeParseEnglish<S extends z.core.$ZodType>(schema: S, input: unknown): z.core.util.SafeParseResult<z.output<S>> {
  return z.safeParse(schema, input, { error: issueMessage });
}
