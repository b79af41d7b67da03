export type FileRejectionCode =
  | 'EMPTY'
  | 'ENCODING'
  | 'TOO_LARGE'
  | 'TOO_MANY_ROWS'
  | 'TOO_MANY_COLUMNS'
  | 'FIELD_TOO_LONG'
  | 'DELIMITER'
  | 'DUPLICATE_HEADER'
  | 'MALFORMED'
  | 'JSON_TOO_DEEP'
  | 'SHEET_TOO_LARGE'
  | 'UNKNOWN_FORMAT';

/** The whole file cannot be read; the message is one plain-English sentence for the uploader. */
export class FileRejectedError extends Error {
  readonly code: FileRejectionCode;
  readonly rowNumber?: number;

  constructor(code: FileRejectionCode, message: string, rowNumber?: number) {
    super(message);
    this.name = 'FileRejectedError';
    this.code = code;
    if (rowNumber !== undefined) this.rowNumber = rowNumber;
  }
}
