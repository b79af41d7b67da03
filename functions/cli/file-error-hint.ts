// The pipeline says what is wrong with a file and what would be right, in words any sender reads
// (web, e-mail, CLI). Here the command line adds how to do it with its own flags and commands.
import type { Submission } from '../domain/submission.ts';

export function fileErrorHint(submission: Submission): string {
  switch (submission.file_error?.code) {
    case 'NO_PROVIDER':
      return ' Name the provider with --provider.';
    case 'MISSING_COLUMNS':
      return ` carescore template --type ${submission.input_type} writes the template.`;
    default:
      return '';
  }
}
