import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { ConfigError } from '@bridge/runtime';
import { loadAdapterConfig } from './config/adapter-config';
import { ExchangeAdapterModule } from './exchange-adapter.module';

async function bootstrap(): Promise<void> {
  const config = loadAdapterConfig();
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(ExchangeAdapterModule.forConfig(config), {
    transport: Transport.TCP,
    options: { host: config.host, port: config.port },
    logger: ['log', 'warn', 'error'],
  });
  app.enableShutdownHooks();
  await app.listen();
  new Logger('ExchangeAdapter').log(`ready: microservice TCP on ${config.host}:${config.port}`);
}

process.on('unhandledRejection', (e) => new Logger('ExchangeAdapter').error(`unhandled rejection: ${String((e as Error)?.stack ?? e)}`));
bootstrap().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
