import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  CITY_ADMIN = 'CITY_ADMIN',
  STREET_ADMIN = 'STREET_ADMIN',
  SECRETARY = 'SECRETARY',
  RESPONDER = 'RESPONDER',
  RESIDENT = 'RESIDENT',
  INSPECTOR = 'INSPECTOR',
}

registerEnumType(Role, {
  name: 'Role',
  valuesMap: {
    CITY_ADMIN: { description: 'Everything, everywhere.' },
    STREET_ADMIN: { description: 'Street office admin: manages the grids, members and users of one street.' },
    SECRETARY: { description: "Secretary of a unit: dispatches and assigns within that unit's subtree." },
    RESPONDER: { description: 'Answers the requests assigned to their member record.' },
    RESIDENT: { description: 'Submits requests and follows their own.' },
    INSPECTOR: {
      description:
        'Inspects and supervises (暗访督导) within a scope, or city-wide when it has none; reads requests, indicators and rankings in scope; records inspections, notices and negative-list entries. Changes nothing else.',
    },
  },
});
