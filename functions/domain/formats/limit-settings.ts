// The table of ingest limits: each setting of config/ingest-limits.json, its command-line flag and
// the ReadLimits field it sets. Apart from limits.ts (which validates and applies them, with zod) so
// that carescore --help can list the flags without loading zod.
/** What a reader may take from one file; limits.ts fills it from the settings below. */
export interface ReadLimits {
  maxBytes: number;
  maxRows: number;
  maxColumns: number;
  maxFieldBytes: number;
  maxJsonDepth: number;
  maxXlsxSheetBytes: number;
  /**
   * The workbook, its relationships, the styles and the shared strings are inflated whole into memory; real ones are
   * kilobytes, so they are held to this (or the sheet limit, if lower) rather than to the sheet
   * limit: a 200 MB styles part would otherwise be read whole.
   */
  maxXlsxWholePartBytes: number;
}

export interface LimitSetting {
  /** The key in config/ingest-limits.json. */
  key: string;
  /** The command-line flag, without the leading `--`. */
  flag: string;
  field: keyof ReadLimits;
  /** Bytes per unit of the setting (MB and KB settings), or 1 for counts. */
  unit: number;
  /** Counts must be whole numbers; sizes may be fractions of their unit (0.5 MB). */
  whole: boolean;
}

const KB = 1024;
const MB = 1024 * 1024;

/** Each setting of the file and each flag, and the ReadLimits field it sets. */
export const limitSettings: readonly LimitSetting[] = [
  { key: 'max_file_mb', flag: 'max-file-mb', field: 'maxBytes', unit: MB, whole: false },
  { key: 'max_rows', flag: 'max-rows', field: 'maxRows', unit: 1, whole: true },
  { key: 'max_columns', flag: 'max-columns', field: 'maxColumns', unit: 1, whole: true },
  { key: 'max_field_kb', flag: 'max-field-kb', field: 'maxFieldBytes', unit: KB, whole: false },
  { key: 'max_json_depth', flag: 'max-json-depth', field: 'maxJsonDepth', unit: 1, whole: true },
  { key: 'max_xlsx_sheet_mb', flag: 'max-xlsx-sheet-mb', field: 'maxXlsxSheetBytes', unit: MB, whole: false },
  {
    key: 'max_xlsx_whole_part_mb',
    flag: 'max-xlsx-whole-part-mb',
    field: 'maxXlsxWholePartBytes',
    unit: MB,
    whole: false,
  },
];
