import { fileURLToPath } from 'node:url';
import { describeStartupFailures } from '@portcullis/example-shared/http-suite';

describeStartupFailures(fileURLToPath(new URL('..', import.meta.url)));
