import { ArrayNotEmpty, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { API_SCOPES, ApiScope } from './api-scope.js';

/** One configured key. Only the key's SHA-256 digest is configured, never the key itself. */
export class ApiKeyEntry {
  @IsString()
  @Length(1, 128)
  app: string;

  @Matches(/^[0-9a-f]{64}$/, {
    message: 'key_sha256 must be the hex SHA-256 digest of the key (64 lower-case hex digits)',
  })
  key_sha256: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsIn(API_SCOPES, { each: true })
  scopes: ApiScope[];
}
