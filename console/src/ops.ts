import { graphql } from './gql';

// Every operation of the console. Types come from GraphQL Code Generator
// (npm run console:codegen) against console/schema.graphql, the schema the server serves.

export const MeQuery = graphql(`
  query Me {
    me {
      id
      username
      name
      role
      scope { id code name level }
      member { id name unit { id name } }
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { token user { id username role } }
  }
`);

export const RegisterMutation = graphql(`
  mutation RegisterResident($input: RegisterResidentInput!) {
    registerResident(input: $input) { token user { id username role } }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const CategoriesQuery = graphql(`
  query Categories {
    serviceCategories { id code name acceptWithinMinutes resolveWithinHours }
  }
`);

// ---- the tree ------------------------------------------------------------------------

export const RootUnitsQuery = graphql(`
  query RootUnits($includeArchived: Boolean) {
    orgUnits(level: STREET_COMMITTEE, includeArchived: $includeArchived, first: 100) {
      nodes { id code name level archived openRequestCount boundary { lat lng } }
    }
  }
`);

export const ChildUnitsQuery = graphql(`
  query ChildUnits($parentId: ID!, $includeArchived: Boolean) {
    orgUnits(parentId: $parentId, includeArchived: $includeArchived, first: 100) {
      totalCount
      nodes { id code name level archived openRequestCount boundary { lat lng } }
    }
  }
`);

export const SearchUnitsQuery = graphql(`
  query SearchUnits($search: String, $level: OrgLevel) {
    orgUnits(search: $search, level: $level, first: 20) {
      nodes { id code name level ancestors { id name } }
    }
  }
`);

export const UnitDetailQuery = graphql(`
  query UnitDetail($id: ID!) {
    orgUnit(id: $id) {
      id
      code
      name
      level
      archived
      openRequestCount
      boundary { lat lng }
      parent { id name }
      ancestors { id name level }
      secretary { id name phone }
      responders { id name phone skills openAssignmentCount active }
      members(first: 100) {
        totalCount
        nodes { id name phone partyMember responder skills active openAssignmentCount }
      }
    }
  }
`);

export const CreateUnitMutation = graphql(`
  mutation CreateUnit($input: CreateOrgUnitInput!) {
    createOrgUnit(input: $input) { id code name level }
  }
`);

export const UpdateUnitMutation = graphql(`
  mutation UpdateUnit($input: UpdateOrgUnitInput!) {
    updateOrgUnit(input: $input) { id name boundary { lat lng } }
  }
`);

export const MoveUnitMutation = graphql(`
  mutation MoveUnit($input: MoveOrgUnitInput!) {
    moveOrgUnit(input: $input) { id parent { id name } ancestors { id name } }
  }
`);

export const ArchiveUnitMutation = graphql(`
  mutation ArchiveUnit($input: ArchiveOrgUnitInput!) {
    archiveOrgUnit(input: $input) { id archived }
  }
`);

export const RestoreUnitMutation = graphql(`
  mutation RestoreUnit($input: RestoreOrgUnitInput!) {
    restoreOrgUnit(input: $input) { id archived }
  }
`);

export const ImportUnitsMutation = graphql(`
  mutation ImportUnits($input: ImportOrgUnitsInput!) {
    importOrgUnits(input: $input) {
      imported
      total
      byLevel { level count }
      problems { line feature message text }
    }
  }
`);

// ---- people --------------------------------------------------------------------------

export const UsersQuery = graphql(`
  query Users($search: String, $after: String) {
    users(search: $search, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id username name phone role active scope { id name } member { id name } }
    }
  }
`);

export const CreateMemberMutation = graphql(`
  mutation CreateMember($input: CreateMemberInput!) {
    createMember(input: $input) { id name }
  }
`);

export const UpdateMemberMutation = graphql(`
  mutation UpdateMember($input: UpdateMemberInput!) {
    updateMember(input: $input) { id name phone partyMember responder skills active }
  }
`);

export const SetSecretaryMutation = graphql(`
  mutation SetSecretary($input: SetSecretaryInput!) {
    setSecretary(input: $input) { id secretary { id name } }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) { id username role }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) { id role active scope { id name } }
  }
`);

// ---- requests ------------------------------------------------------------------------

export const RequestRowFields = graphql(`
  fragment RequestRow on ServiceRequest {
    id
    number
    status
    description
    category { code name }
    unit { id name level }
    courtyard { id name }
    assignee { id name }
    reporter { id }
    acceptDueAt
    resolveDueAt
    createdAt
    updatedAt
    version
    rating
    escalationCount
    reworkCount
  }
`);

export const RequestsQuery = graphql(`
  query Requests($filter: ServiceRequestFilter, $orderBy: ServiceRequestOrder, $first: Int, $after: String) {
    serviceRequests(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...RequestRow }
    }
  }
`);

export const RequestDetailQuery = graphql(`
  query RequestDetail($id: ID!) {
    serviceRequest(id: $id) {
      ...RequestRow
      location { lat lng }
      address
      reporter { id username name }
      duplicateOf { id number }
      courtyard { id name boundary { lat lng } }
      unit { id name level children(first: 100) { nodes { id name level } } }
      events {
        id
        type
        at
        note
        fromStatus
        toStatus
        actor { username name }
        unit { name }
        assignee { name }
      }
    }
  }
`);

export const RespondersUnderQuery = graphql(`
  query RespondersUnder($unitId: ID!) {
    orgUnit(id: $unitId) {
      id
      level
      responders { id name skills openAssignmentCount active unit { id name } }
      descendants(level: COURTYARD_GROUP, first: 100) {
        nodes { id name responders { id name skills openAssignmentCount active unit { id name } } }
      }
    }
  }
`);

export const RequestByNumberQuery = graphql(`
  query RequestByNumber($number: String!) {
    serviceRequest(number: $number) { id number status }
  }
`);

export const RequestChangedSubscription = graphql(`
  subscription RequestChanged($unitId: ID) {
    serviceRequestChanged(unitId: $unitId) {
      requestId
      event { id type at }
      request { ...RequestRow }
    }
  }
`);

export const SubmitRequestMutation = graphql(`
  mutation SubmitRequest($input: SubmitServiceRequestInput!) {
    submitServiceRequest(input: $input) { ...RequestRow }
  }
`);

export const DispatchMutation = graphql(`
  mutation Dispatch($input: DispatchServiceRequestInput!) {
    dispatchServiceRequest(input: $input) { ...RequestRow }
  }
`);

export const AssignMutation = graphql(`
  mutation Assign($input: AssignServiceRequestInput!) {
    assignServiceRequest(input: $input) { ...RequestRow }
  }
`);

export const AcceptMutation = graphql(`
  mutation Accept($input: RequestActionInput!) {
    acceptServiceRequest(input: $input) { ...RequestRow }
  }
`);

export const EscalateMutation = graphql(`
  mutation Escalate($input: RequestActionInput!) {
    escalateServiceRequest(input: $input) { ...RequestRow }
  }
`);

export const ResolveMutation = graphql(`
  mutation Resolve($input: RequestActionInput!) {
    resolveServiceRequest(input: $input) { ...RequestRow }
  }
`);

export const CloseMutation = graphql(`
  mutation Close($input: CloseServiceRequestInput!) {
    closeServiceRequest(input: $input) { ...RequestRow }
  }
`);

export const ReopenMutation = graphql(`
  mutation Reopen($input: RequestActionInput!) {
    reopenServiceRequest(input: $input) { ...RequestRow }
  }
`);

export const CancelMutation = graphql(`
  mutation Cancel($input: CancelServiceRequestInput!) {
    cancelServiceRequest(input: $input) { ...RequestRow }
  }
`);

// ---- dashboard -----------------------------------------------------------------------

export const OverdueCountQuery = graphql(`
  query OverdueCount($unitId: ID!) {
    serviceRequests(filter: { unitId: $unitId, overdue: true }, first: 1) { totalCount }
  }
`);

export const CourtyardsQuery = graphql(`
  query Courtyards($search: String) {
    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {
      nodes { id code name boundary { lat lng } }
    }
  }
`);
