import { describeHttpApi } from '@portcullis/example-shared/http-suite';
import { startExpressExample } from '../src/server.ts';

describeHttpApi('express', startExpressExample);
