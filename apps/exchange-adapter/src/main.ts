import 'reflect-metadata';
import { Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError, NoDelayJsonSocket, redactUrl } from '@bridge/runtime';
import { loadAdapterConfig } from './config/adapter-config';
import { ExchangeAdapterModule } from './exchange-adapter.module';

/** Hybrid app: the authorizer's microservice endpoint (TCP, or NATS) + the admin REST API with OpenAPI. */
async function bootstrap(): Promise<void> {
  const config = loadAdapterConfig();
  const app = await NestFactory.create(ExchangeAdapterModule.forConfig(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const transport: MicroserviceOptions = config.natsUrl
    ? { transport: Transport.NATS, options: { servers: [config.natsUrl] } }
    : { transport: Transport.TCP, options: { host: config.host, port: config.port, socketClass: NoDelayJsonSocket } };
  app.connectMicroservice<MicroserviceOptions>(transport);
  const openapi = new DocumentBuilder()
    .setTitle('Exchange adapter admin API')
    .setDescription('Merchants, destination addresses and screening')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openapi));
  await app.startAllMicroservices();
  await app.listen(config.httpPort, config.httpHost);
  const where = config.natsUrl ? `NATS ${redactUrl(config.natsUrl)}` : `TCP ${config.host}:${config.port}`;
  new Logger('ExchangeAdapter').log(`ready: microservice on ${where}, admin API on http://${config.httpHost}:${config.httpPort} (OpenAPI at /docs)`);
}

process.on('unhandledRejection', (e) => new Logger('ExchangeAdapter').error(`unhandled rejection: ${String((e as Error)?.stack ?? e)}`));
bootstrap().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
