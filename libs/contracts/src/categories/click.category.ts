import { IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
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
  @IsInt()
  @Min(0)
  x?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  y?: number;
}

export const ClickCategory = defineCategory('click', ClickData);
