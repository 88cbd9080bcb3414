import { IsOptional, IsString, Length } from 'class-validator';
import { defineCategory } from './category-definition.js';

/** An error seen by the application. */
export class ErrorData {
  @IsString()
  @Length(1, 2048)
  message!: string;

  @IsOptional()
  @IsString()
  @Length(0, 128)
  kind?: string;

  @IsOptional()
  @IsString()
  @Length(0, 16384)
  stack?: string;

  @IsOptional()
  @IsString()
  @Length(0, 2048)
  url?: string;
}

export const ErrorCategory = defineCategory('error', ErrorData);
