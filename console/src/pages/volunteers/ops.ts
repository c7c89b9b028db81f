import { graphql } from '../../gql';

// The volunteers pages' operations (contract part volunteers.graphql). Types: npm run console:codegen.

export const VolunteerCardFragment = graphql(`
  fragment VolunteerCard on Volunteer {
    id
    number
    name
    phone
    skills
    totalHours
    starLevel
    eligibleStarLevel
    registeredAt
    active
    unit { id name }
    user { id username }
    organizations { id name }
  }
`);

export const HoursEntryFragment = graphql(`
  fragment HoursEntryRow on VolunteerHoursEntry {
    id
    hours
    source
    status
    serviceDate
    description
    note
    createdAt
    decidedAt
    organization { id name }
    activity { id title }
    recordedBy { id username name }
    decidedBy { id username name }
  }
`);

export const ActivityRowFragment = graphql(`
  fragment ActivityRow on VolunteerActivity {
    id
    title
    description
    address
    startsAt
    endsAt
    capacity
    signupCount
    status
    version
    checkInCode
    unit { id name }
    organization { id name }
  }
`);

export const MyVolunteerQuery = graphql(`
  query MyVolunteer {
    myVolunteer {
      ...VolunteerCard
      starAwards { id level awardedAt effectiveAt revoked }
      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }
      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }
    }
  }
`);

/** Published activities with the caller's own sign-up (an organiser's list holds everyone's: the page keeps its own). */
export const OpenActivitiesQuery = graphql(`
  query OpenActivities {
    volunteerActivities(status: [PUBLISHED], first: 50) {
      nodes {
        ...ActivityRow
        signups(first: 100) { nodes { id status checkedInAt checkedOutAt volunteer { id } } }
      }
    }
  }
`);

export const ManagedOrganizationsQuery = graphql(`
  query ManagedOrganizations($search: String) {
    volunteerOrganizations(search: $search, first: 100) {
      nodes { id name kind active volunteerCount unit { id name ancestors { id } } managers { id } }
    }
  }
`);

export const RegisterVolunteerMutation = graphql(`
  mutation RegisterVolunteer($input: RegisterVolunteerInput!) {
    registerVolunteer(input: $input) { ...VolunteerCard }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUpForActivity($input: SignUpInput!) {
    signUpForActivity(input: $input) { id status activity { id signupCount version } }
  }
`);

export const CancelSignupMutation = graphql(`
  mutation CancelSignup($input: SignUpInput!) {
    cancelSignup(input: $input) { id status activity { id signupCount version } }
  }
`);

export const CheckInMutation = graphql(`
  mutation CheckIn($input: CheckInInput!) {
    checkIn(input: $input) { id status checkedInAt checkedOutAt }
  }
`);

export const CheckOutMutation = graphql(`
  mutation CheckOut($input: CheckInInput!) {
    checkOut(input: $input) { id status checkedInAt checkedOutAt }
  }
`);

export const IssueCertificateMutation = graphql(`
  mutation IssueCertificate($input: IssueCertificateInput!) {
    issueVolunteerCertificate(input: $input) { number verificationCode hours starLevel issuedAt revoked }
  }
`);

export const RevokeCertificateMutation = graphql(`
  mutation RevokeCertificate($input: RevokeCertificateInput!) {
    revokeVolunteerCertificate(input: $input) { number revoked }
  }
`);

export const CheckCertificateQuery = graphql(`
  query CheckCertificate($number: String!, $verificationCode: String!) {
    checkVolunteerCertificate(number: $number, verificationCode: $verificationCode) {
      number valid volunteerName hours starLevel issuedByName issuedAt revoked
    }
  }
`);

// ---- organisers ------------------------------------------------------------------------------

export const ActivitiesQuery = graphql(`
  query VolunteerActivities($status: [ActivityStatus!], $first: Int) {
    volunteerActivities(status: $status, first: $first) {
      totalCount
      nodes { ...ActivityRow }
    }
  }
`);

export const ActivityDetailQuery = graphql(`
  query ActivityDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on VolunteerActivity {
        ...ActivityRow
        signups(first: 100) {
          totalCount
          nodes { id status checkedInAt checkedOutAt createdAt volunteer { id number name } }
        }
      }
    }
  }
`);

export const CreateActivityMutation = graphql(`
  mutation CreateVolunteerActivity($input: CreateVolunteerActivityInput!) {
    createVolunteerActivity(input: $input) { ...ActivityRow }
  }
`);

export const CloseActivityMutation = graphql(`
  mutation CloseVolunteerActivity($input: ActivityIdInput!) {
    closeVolunteerActivity(input: $input) { id status version }
  }
`);

export const CancelActivityMutation = graphql(`
  mutation CancelVolunteerActivity($input: ActivityIdInput!) {
    cancelVolunteerActivity(input: $input) { id status version }
  }
`);

export const VolunteersQuery = graphql(`
  query Volunteers($filter: VolunteerFilter, $first: Int) {
    volunteers(filter: $filter, first: $first) {
      totalCount
      nodes { ...VolunteerCard }
    }
  }
`);

export const VolunteerDetailQuery = graphql(`
  query VolunteerDetail($id: ID!) {
    volunteer(id: $id) {
      ...VolunteerCard
      starAwards { id level awardedAt effectiveAt revoked note awardedBy { id username name } }
      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }
      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }
    }
  }
`);

export const BackfillMutation = graphql(`
  mutation BackfillVolunteerHours($input: BackfillHoursInput!) {
    backfillVolunteerHours(input: $input) { ...HoursEntryRow }
  }
`);

export const PendingHoursQuery = graphql(`
  query PendingVolunteerHours($first: Int) {
    pendingVolunteerHours(first: $first) {
      totalCount
      nodes { ...HoursEntryRow volunteer { id number name } }
    }
  }
`);

export const DecideHoursMutation = graphql(`
  mutation DecideVolunteerHours($input: DecideHoursInput!) {
    decideVolunteerHours(input: $input) { id status decidedAt decidedBy { id username } }
  }
`);

export const AwardStarMutation = graphql(`
  mutation AwardStarLevel($input: AwardStarInput!) {
    awardStarLevel(input: $input) { id level awardedAt effectiveAt revoked }
  }
`);

export const RevokeStarMutation = graphql(`
  mutation RevokeStarAward($input: RevokeStarAwardInput!) {
    revokeStarAward(input: $input) { id revoked }
  }
`);

export const CorrectHoursMutation = graphql(`
  mutation CorrectVolunteerHours($input: CorrectHoursInput!) {
    correctVolunteerHours(input: $input) { ...HoursEntryRow }
  }
`);
