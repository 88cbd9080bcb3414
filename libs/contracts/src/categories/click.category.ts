import { IsOptional, IsString, Length, Min } from 'class-validator';
import { IsSafeInt } from '../validation/is-safe-int.decorator.js';
import { defineCategory } from './category-definition.js';

/** An element was clicked. */
export class ClickData {
  /** A selector or id naming the element. */
  @IsString()
  @Length(1, 256)
  element!: string;

  @IsOptional()
  @IsString()
  @Length(0, 512)
  text?: string;

  @IsOptional()
  @IsSafeInt()
  @Min(0)
  x?: number;

  @IsOptional()
  @IsSafeInt()
  @Min(0)
  y?: number;
}

export const ClickCategory = defineCategory('click', ClickData);
