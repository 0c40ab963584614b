export * from './bigint-transformer';
export * from './entities';
export * from './data-source-options';
export * from './returned-rows';
export * from './warm-pool';
export * from './pg-pool';
export * from './prepared-statement';
export * from './sql-literal';
