/** The one DataSource, as configured by the environment (used by `perfbot migrate` and the TypeORM CLI). */
import 'dotenv/config';
import { loadConfig } from './src/config';
import { createDataSource } from './src/data-source';

export default createDataSource(loadConfig().database);
