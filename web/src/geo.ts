//! The map's geometry: Natural Earth country shapes (world-atlas, public domain) keyed by the
//! scenario's ISO alpha-3 ids, corrected to internationally recognised borders. Natural Earth
//! draws Crimea inside Russia and northern Cyprus as a country of its own; here Crimea belongs to
//! Ukraine and northern Cyprus to Cyprus, and both are returned as areas not under the
//! recognised government's control, to be marked as such. The mainland areas of Ukraine that
//! Russia occupies have no shape in Natural Earth: `OCCUPIED_UKRAINE_APPROX` is a coarse line of
//! contact (as of 2025) that the map clips to Ukraine's border and labels as approximate.
import { feature } from "topojson-client";
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from "geojson";
import { geoCentroid } from "d3-geo";
import atlas from "world-atlas/countries-50m.json";

/** ISO 3166-1 numeric (as world-atlas names its shapes) to alpha-3 (as the scenario does). */
const NUMERIC: Record<string, string> = {
  "008": "ALB", "020": "AND", "051": "ARM", "040": "AUT", "031": "AZE", "056": "BEL",
  "100": "BGR", "070": "BIH", "112": "BLR", "124": "CAN", "756": "CHE", "156": "CHN",
  "196": "CYP", "203": "CZE", "276": "DEU", "208": "DNK", "012": "DZA", "724": "ESP",
  "233": "EST", "246": "FIN", "250": "FRA", "826": "GBR", "268": "GEO", "300": "GRC",
  "328": "GUY", "191": "HRV", "348": "HUN", "372": "IRL", "352": "ISL", "380": "ITA",
  "392": "JPN", "398": "KAZ", "417": "KGZ", "410": "KOR", "438": "LIE", "440": "LTU",
  "442": "LUX", "428": "LVA", "492": "MCO", "498": "MDA", "807": "MKD", "470": "MLT",
  "499": "MNE", "496": "MNG", "528": "NLD", "578": "NOR", "586": "PAK", "591": "PAN",
  "616": "POL", "620": "PRT", "642": "ROU", "643": "RUS", "694": "SLE", "674": "SMR",
  "706": "SOM", "688": "SRB", "703": "SVK", "705": "SVN", "752": "SWE", "762": "TJK",
  "795": "TKM", "792": "TUR", "804": "UKR", "840": "USA", "860": "UZB", "336": "VAT",
  "818": "EGY", "760": "SYR", "368": "IRQ", "364": "IRN", "434": "LBY",
  "788": "TUN", "504": "MAR", "682": "SAU", "400": "JOR", "422": "LBN", "376": "ISR",
  "004": "AFG", "356": "IND", "408": "PRK", "304": "GRL",
};
/** Shapes world-atlas leaves without a numeric id, by name. */
const BY_NAME: Record<string, string> = { Kosovo: "XKX" };

export interface Country {
  /** The alpha-3 id, or "" for a shape the scenario cannot name. */
  id: string;
  name: string;
  feature: Feature<Geometry>;
}

export interface Geo {
  countries: Country[];
  /** Areas inside a state's recognised borders that its government does not control. */
  notControlled: { id: string; label: string; feature: Feature<Geometry> }[];
}

let cached: Geo | null = null;

function polygonsOf(g: Geometry): Position[][][] {
  if (g.type === "Polygon") return [g.coordinates];
  if (g.type === "MultiPolygon") return g.coordinates;
  return [];
}

function multi(polys: Position[][][]): MultiPolygon {
  return { type: "MultiPolygon", coordinates: polys };
}

export function geometry(): Geo {
  if (cached) return cached;
  const topo = atlas as any;
  const fc = feature(topo, topo.objects.countries) as any;
  const countries: Country[] = [];
  const byId = new Map<string, Country>();
  let northCyprus: Feature<Geometry> | null = null;
  for (const f of fc.features as Feature<Geometry>[]) {
    const name = String((f.properties as any)?.name ?? "");
    if (name === "N. Cyprus") {
      northCyprus = f;
      continue;
    }
    const id = (f.id !== undefined ? NUMERIC[String(f.id)] : BY_NAME[name]) ?? "";
    const c = { id, name, feature: f };
    countries.push(c);
    if (id) byId.set(id, c);
  }
  const notControlled: Geo["notControlled"] = [];

  // Crimea: the polygon of Natural Earth's Russia that lies on the peninsula goes to Ukraine.
  const rus = byId.get("RUS");
  const ukr = byId.get("UKR");
  if (rus && ukr) {
    const keep: Position[][][] = [];
    const crimea: Position[][][] = [];
    for (const p of polygonsOf(rus.feature.geometry)) {
      const [lon, lat] = geoCentroid({ type: "Polygon", coordinates: p } as Polygon);
      (lon > 32 && lon < 37 && lat > 44 && lat < 46.3 ? crimea : keep).push(p);
    }
    rus.feature = { ...rus.feature, geometry: multi(keep) };
    ukr.feature = { ...ukr.feature, geometry: multi([...polygonsOf(ukr.feature.geometry), ...crimea]) };
    if (crimea.length) {
      notControlled.push({
        id: "UKR",
        label: "Crimea, occupied by Russia since 2014",
        feature: { type: "Feature", properties: {}, geometry: multi(crimea) },
      });
    }
  }
  // Northern Cyprus: part of the Republic of Cyprus, outside its government's control.
  const cyp = byId.get("CYP");
  if (cyp && northCyprus) {
    cyp.feature = {
      ...cyp.feature,
      geometry: multi([...polygonsOf(cyp.feature.geometry), ...polygonsOf(northCyprus.geometry)]),
    };
    notControlled.push({
      id: "CYP",
      label: "Northern Cyprus, not under the Republic of Cyprus's control since 1974",
      feature: northCyprus,
    });
  }
  cached = { countries, notControlled };
  return cached;
}

/**
 * A coarse outline (longitude, latitude) west of and around the areas of mainland Ukraine that
 * Russia occupies, as of 2025: along the Dnipro from its mouth, across Zaporizhzhia oblast south
 * of Orikhiv and Huliaipole, through Donetsk oblast west of Pokrovsk and Kostiantynivka, through
 * Luhansk and eastern Kharkiv oblasts to the Russian border; then far east and south. The map
 * clips it to Ukraine's border; it is an approximation, labelled as one, not a surveyed line.
 */
export const OCCUPIED_UKRAINE_APPROX: [number, number][] = [
  [31.45, 46.62], [32.3, 46.58], [32.62, 46.68], [33.35, 46.82], [34.0, 47.2], [34.6, 47.52],
  [35.3, 47.55], [35.8, 47.5], [36.25, 47.65], [36.8, 47.86], [37.2, 48.05], [37.15, 48.3],
  [37.65, 48.5], [37.85, 48.62], [38.05, 48.88], [37.9, 49.1], [37.95, 49.35], [37.75, 49.7],
  [37.95, 50.15], [41.0, 50.3], [41.0, 44.0], [31.45, 44.0],
];

/** States whose shape is too small to see at the map's scale are also drawn as points. */
export const MICROSTATES = new Set(["AND", "LIE", "MCO", "SMR", "VAT", "MLT", "LUX"]);
