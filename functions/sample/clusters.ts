// The 19 Kent-like clusters (DOMAIN §3). Names, districts, lot areas and rurality are as listed
// there; the CCG is a synthetic name per district.

import { csvText } from './csv-text.ts';

type Rurality =
  | 'Urban major conurbation'
  | 'Urban city and town'
  | 'Rural town and fringe'
  | 'Rural village and dispersed';

export interface Cluster {
  id: string;
  name: string;
  district: string;
  lotArea: string;
  rurality: Rurality;
  ccg: string;
}

const table: readonly (readonly [string, string, string, string, Rurality])[] = [
  ['K01', 'Ashford Town', 'Ashford', 'East Kent', 'Urban city and town'],
  ['K02', 'Tenterden & Rural Ashford', 'Ashford', 'East Kent', 'Rural village and dispersed'],
  ['K03', 'Canterbury City', 'Canterbury', 'East Kent', 'Urban city and town'],
  ['K04', 'Herne Bay & Whitstable', 'Canterbury', 'East Kent', 'Urban city and town'],
  ['K05', 'Thanet', 'Thanet', 'East Kent', 'Urban city and town'],
  ['K06', 'Dover & Deal', 'Dover', 'East Kent', 'Urban city and town'],
  ['K07', 'Sandwich & Rural Dover', 'Dover', 'East Kent', 'Rural town and fringe'],
  ['K08', 'Folkestone & Hythe', 'Shepway', 'East Kent', 'Urban city and town'],
  ['K09', 'Romney Marsh', 'Shepway', 'East Kent', 'Rural village and dispersed'],
  ['K10', 'Sittingbourne & Faversham', 'Swale', 'DGS&S', 'Urban city and town'],
  ['K11', 'Isle of Sheppey', 'Swale', 'DGS&S', 'Rural town and fringe'],
  ['K12', 'Dartford', 'Dartford', 'DGS&S', 'Urban major conurbation'],
  ['K13', 'Gravesham', 'Gravesham', 'DGS&S', 'Urban city and town'],
  ['K14', 'Swanley & North Sevenoaks', 'Sevenoaks', 'DGS&S', 'Rural town and fringe'],
  ['K15', 'Sevenoaks & Edenbridge', 'Sevenoaks', 'West Kent', 'Rural village and dispersed'],
  ['K16', 'Maidstone Town', 'Maidstone', 'West Kent', 'Urban city and town'],
  ['K17', 'Rural Maidstone', 'Maidstone', 'West Kent', 'Rural village and dispersed'],
  ['K18', 'Tonbridge & Malling', 'Tonbridge & Malling', 'West Kent', 'Rural town and fringe'],
  ['K19', 'Tunbridge Wells & Weald', 'Tunbridge Wells', 'West Kent', 'Urban city and town'],
];

export const CLUSTERS: readonly Cluster[] = table.map(([id, name, district, lotArea, rurality]) => ({
  id,
  name,
  district,
  lotArea,
  rurality,
  ccg: `NHS ${district} CCG (synthetic)`,
}));

export function isRural(cluster: Cluster): boolean {
  return cluster.rurality.startsWith('Rural');
}

/** Edenbridge-like: few packages, slow responses, many declines. */
export const LOW_VOLUME_CLUSTER = 'K15';
/** The rural cluster where one provider holds more than half the hours. */
export const DOMINATED_CLUSTER = 'K11';

export function clusterById(id: string): Cluster {
  const c = CLUSTERS.find((x) => x.id === id);
  if (!c) throw new Error(`unknown cluster ${id}`);
  return c;
}

const CLUSTER_COLUMNS = ['cluster_id', 'cluster_name', 'district', 'ccg', 'lot_area'] as const;

export function clustersCsv(): string {
  return csvText(
    CLUSTER_COLUMNS,
    CLUSTERS.map((c) => [c.id, c.name, c.district, c.ccg, c.lotArea]),
  );
}
