const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store (no NUL character) and UTF-8 can encode (no lone surrogate): the form and Open311 check it. */
export const storableText = (value: string) => !value.includes('\u0000') && !loneSurrogate.test(value);
