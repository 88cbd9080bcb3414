import { IsString, Length, Matches } from 'class-validator';
import { defineCategory } from './category-definition.js';

/** The seed's category: a visit to a party host's page. */
export class PartyData {
  @IsString()
  @Length(1, 255)
  host!: string;

  @IsString()
  @Length(1, 2048)
  @Matches(/^\//, { message: 'path must start with "/"' })
  path!: string;
}

export const PartyCategory = defineCategory('party', PartyData);
