import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { arrayLiteral } from '../../db/statements.ts';

type Place = { postcode: string; latitude: number; longitude: number };

/** Adds postcodes or moves them, many at a time (the open national directory has over two million). */
export async function upsertPostcodes(db: Db, places: Place[]): Promise<void> {
  if (places.length === 0) return;
  // A postcode twice in one statement cannot be upserted twice: the later row wins, as it would one at a time.
  const latest = [...new Map(places.map((place) => [place.postcode, place])).values()];
  await sql`insert into postcode (postcode, latitude, longitude)
    select * from unnest(${arrayLiteral(latest.map((place) => place.postcode))}::text[],
      ${arrayLiteral(latest.map((place) => String(place.latitude)))}::float8[],
      ${arrayLiteral(latest.map((place) => String(place.longitude)))}::float8[])
    on conflict (postcode) do update set latitude = excluded.latitude, longitude = excluded.longitude`.execute(db);
}
