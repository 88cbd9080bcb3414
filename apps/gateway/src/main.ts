import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayModule } from './gateway.module.js';

const app = await NestFactory.create<NestFastifyApplication>(GatewayModule, new FastifyAdapter());
await app.listen(3000, '127.0.0.1');
