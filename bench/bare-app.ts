// The HTTP limit of the bench: NestJS 12 on the same FastifyAdapter as the apps (same body limit), with one
// controller and nothing else — no guard, no pipes, no logging hooks, no database. Started as its own process.
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller('bare')
class BareController {
  @Get()
  get() {
    return { ok: true };
  }

  @Post()
  @HttpCode(200)
  post(@Body() body: Record<string, unknown>) {
    return { ok: true, fields: Object.keys(body ?? {}).length };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter({ bodyLimit: 1_048_576 }), {
  logger: false,
});
app.enableShutdownHooks([], { useProcessExit: true });
await app.listen(Number(process.env.PORT), '127.0.0.1');
