import { IsBoolean, IsOptional, IsString, Length, Min } from 'class-validator';
import { IsSafeInt } from '../validation/is-safe-int.decorator.js';
import { defineCategory } from './category-definition.js';

/** A form was submitted. Field values are deliberately not collected (they are often personal data). */
export class FormSubmitData {
  @IsString()
  @Length(1, 256)
  form!: string;

  @IsOptional()
  @IsSafeInt()
  @Min(0)
  field_count?: number;

  @IsOptional()
  @IsBoolean()
  success?: boolean;
}

export const FormSubmitCategory = defineCategory('form_submit', FormSubmitData);
