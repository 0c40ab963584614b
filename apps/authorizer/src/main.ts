import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import { ConfigError } from '@bridge/runtime';
import { AuthorizerModule } from './authorizer.module';
import { loadAuthorizerConfig } from './config/authorizer-config';
import { IsoTcpServer } from './transport/iso-tcp-server';

/** Hybrid app: ISO 8583 over TCP (custom transport) + HTTP (health, ops). */
async function bootstrap(): Promise<void> {
  const config = loadAuthorizerConfig();
  const app = await NestFactory.create<NestExpressApplication>(AuthorizerModule.forConfig(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  app.connectMicroservice(
    {
      strategy: new IsoTcpServer({
        host: config.isoHost,
        port: config.isoPort,
        framing: config.isoFraming,
        header: config.isoHeader,
        maxFrameBytes: config.isoMaxFrameBytes,
        idleTimeoutMs: config.isoIdleTimeoutMs,
        maxInFlight: config.isoMaxInFlight,
      }),
    },
    { inheritAppConfig: true },
  );
  const openapi = new DocumentBuilder()
    .setTitle('Bridge ops API')
    .setDescription('Authorizations, exceptions, CSV export. Every route needs x-api-key.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('ops/docs', app, () => SwaggerModule.createDocument(app, openapi));
  // The ops dashboard (built by `npm run build` into dist/dashboard): static files; its data comes from /ops with the user's key.
  app.useStaticAssets(join(__dirname, '../../../dashboard'), { prefix: '/dashboard/', index: 'index.html', fallthrough: true });
  await app.startAllMicroservices();
  await app.listen(config.httpPort, config.httpHost);
  new Logger('Authorizer').log(`ready: ISO 8583 on ${config.isoHost}:${config.isoPort}, HTTP on ${config.httpHost}:${config.httpPort}`);
}

process.on('unhandledRejection', (e) => new Logger('Authorizer').error(`unhandled rejection: ${String((e as Error)?.stack ?? e)}`));
bootstrap().catch((e) => {
  // A ConfigError names the variable; anything else is unexpected at start.
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
