import { IsOptional, IsString, Length } from 'class-validator';
import { defineCategory } from './category-definition.js';

/** A page was shown. */
export class PageViewData {
  @IsString()
  @Length(1, 2048)
  url!: string;

  @IsOptional()
  @IsString()
  @Length(0, 512)
  title?: string;

  @IsOptional()
  @IsString()
  @Length(0, 2048)
  referrer?: string;
}

export const PageViewCategory = defineCategory('page_view', PageViewData);
