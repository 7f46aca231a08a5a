import { describeHttpApi } from '@portcullis/example-shared/http-suite';
import { startHonoExample } from '../src/server.ts';

describeHttpApi('hono', startHonoExample);
