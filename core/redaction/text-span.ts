/** A stretch of text to remove: from `start` up to, not including, `end` (UTF-16 indexes). */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}
