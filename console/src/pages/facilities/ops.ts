import { graphql } from '../../gql';

// The operations of the facilities pages and of the duplicates and following panels.

export const FacilityCourtyardsQuery = graphql(`
  query FacilityCourtyards($search: String) {
    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {
      nodes { id code name }
    }
  }
`);

export const CourtyardFacilitiesQuery = graphql(`
  query CourtyardFacilities($id: ID!) {
    orgUnit(id: $id) {
      id
      code
      name
      boundary { lat lng }
      ancestors { id name }
      facilities(first: 100) {
        totalCount
        nodes { id code name status installedAt openRequestCount location { lat lng } type { code name } }
      }
    }
  }
`);

export const CoverageUnitsQuery = graphql(`
  query CoverageUnits($search: String) {
    orgUnits(search: $search, first: 100) {
      nodes { id code name level }
    }
  }
`);

export const FacilityCoverageQuery = graphql(`
  query FacilityCoverage($id: ID!) {
    orgUnit(id: $id) {
      id
      name
      facilityCoverage {
        type { code name }
        courtyards
        courtyardsWithType
        lacking { id code name }
      }
    }
  }
`);

export const UpdateFacilityStatusMutation = graphql(`
  mutation UpdateFacilityStatus($input: UpdateFacilityInput!) {
    updateFacility(input: $input) { id status }
  }
`);

export const RequestExtrasQuery = graphql(`
  query RequestExtras($id: ID!) {
    serviceRequest(id: $id) {
      id
      followerCount
      location { lat lng }
      facility { id code name status type { name } courtyard { id name } }
      possibleDuplicates {
        id
        number
        status
        description
        createdAt
        location { lat lng }
        category { name }
        courtyard { name }
        facility { code }
      }
    }
  }
`);

export const SimilarRequestsQuery = graphql(`
  query SimilarRequests($categoryCode: String!, $location: GeoPointInput, $facilityId: ID) {
    similarServiceRequests(categoryCode: $categoryCode, location: $location, facilityId: $facilityId) {
      requestId
      number
      categoryCode
      status
      distanceMeters
      createdAt
      facilityCode
    }
  }
`);

export const FollowRequestMutation = graphql(`
  mutation FollowRequest($input: FollowServiceRequestInput!) {
    followServiceRequest(input: $input) { id status followerCount }
  }
`);
