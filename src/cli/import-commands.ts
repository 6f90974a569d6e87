/** Excel/CSV in: `perfbot import` and `perfbot template`. */
import fs from 'node:fs';
import path from 'node:path';
import { formatImportResult, importFile, IMPORT_KIND_LABELS, IMPORT_KINDS, isImportKind, MAX_FILE_BYTES, writeTemplate } from '../import';
import { type Command, parseOptions, withDatabase } from './command';

const kinds = IMPORT_KINDS.map((k) => `${k} (${IMPORT_KIND_LABELS[k]})`).join(', ');

export const IMPORT_COMMANDS: Record<string, Command> = {
  import: {
    usage: 'perfbot import <kind> <file.xlsx|file.csv> [--dry-run]',
    help: `import a sheet, all rows or none; kinds: ${kinds}`,
    async run(args, config) {
      const { positional, options } = parseOptions(args);
      const [kind, file] = positional;
      if (!kind || !file || !isImportKind(kind)) {
        console.error(`usage: ${this.usage}\nkinds: ${kinds}`);
        return 2;
      }
      // Refused before it is read: the service's reader takes at most MAX_FILE_BYTES anyway.
      const size = fs.statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        console.log(`文件过大（${(size / 1048576).toFixed(1)} MB），最多 ${MAX_FILE_BYTES / 1048576} MB`);
        return 1;
      }
      const buffer = fs.readFileSync(file);
      const result = await withDatabase(config, (ds) =>
        importFile(ds, kind, buffer, path.basename(file), { actor: 'cli', now: new Date(), timeZone: config.timezone, dryRun: options['dry-run'] === true }),
      );
      console.log(formatImportResult(result));
      return result.ok ? 0 : 1;
    },
  },
  template: {
    usage: 'perfbot template <kind> [file.xlsx]',
    help: 'write a ready .xlsx with the headers, a sample row and a 说明 sheet',
    async run(args) {
      const [kind, file] = args;
      if (!kind || !isImportKind(kind)) {
        console.error(`usage: ${this.usage}\nkinds: ${kinds}`);
        return 2;
      }
      const target = file ?? `perfbot-${kind}-template.xlsx`;
      fs.writeFileSync(target, await writeTemplate(kind));
      console.log(`wrote ${target}`);
      return 0;
    },
  },
};
