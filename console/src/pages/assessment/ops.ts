import { graphql } from '../../gql';

// The assessment pages' operations (contract part assessment.graphql). Types come from
// `npm run console:codegen`.

export const AssessmentFiguresFragment = graphql(`
  fragment AssessmentFigures on UnitIndicators {
    unit { id code name level }
    received
    cancelled
    due
    resolvedOnTime
    closed
    resolved
    reworked
    overdueUnresolved
    escalations
    rated
    averageRating
    onTimeRate
    closureRate
    reworkRate
    satisfactionRate
    inspectionFindings
    findingsOverdue
    negativeEntries
    vetoed
    deductions
    score
    grade
  }
`);

export const AssessmentUnitPickQuery = graphql(`
  query AssessmentUnitPick($search: String, $parentId: ID, $level: OrgLevel) {
    orgUnits(search: $search, parentId: $parentId, level: $level, first: 50) {
      nodes { id code name level boundary { lat lng } ancestors { id } }
    }
  }
`);

export const AssessmentScopeParentQuery = graphql(`
  query AssessmentScopeParent($id: ID!) {
    orgUnit(id: $id) { id parent { id code name level boundary { lat lng } } }
  }
`);

export const AssessmentRankingQuery = graphql(`
  query AssessmentRanking($unitId: ID, $from: DateTime!, $to: DateTime!, $level: OrgLevel) {
    assessmentRanking(unitId: $unitId, from: $from, to: $to, level: $level) {
      rank
      indicators { ...AssessmentFigures }
    }
  }
`);

export const UnitIndicatorsQuery = graphql(`
  query UnitIndicators($id: ID!, $from: DateTime!, $to: DateTime!) {
    orgUnit(id: $id) {
      id
      name
      indicators(from: $from, to: $to) { ...AssessmentFigures }
    }
  }
`);

export const AssessmentResultQuery = graphql(`
  query AssessmentResult($period: String!, $unitId: ID) {
    assessmentResult(period: $period, unitId: $unitId) {
      id
      period
      unit { id name }
      schemeVersion
      publishedAt
      publishedBy { id name username }
      ranking { rank indicators { ...AssessmentFigures } }
    }
  }
`);

export const PublishAssessmentMutation = graphql(`
  mutation PublishAssessment($input: PublishAssessmentInput!) {
    publishAssessment(input: $input) { id period schemeVersion publishedAt }
  }
`);

export const AssessmentSchemeQuery = graphql(`
  query AssessmentScheme {
    assessmentScheme {
      version
      onTimeWeight
      closureWeight
      reworkWeight
      satisfactionWeight
      findingDeduction
      overdueFindingDeduction
      createdAt
    }
  }
`);

export const SetAssessmentSchemeMutation = graphql(`
  mutation SetAssessmentScheme($input: SetAssessmentSchemeInput!) {
    setAssessmentScheme(input: $input) { version }
  }
`);

export const InspectionsQuery = graphql(`
  query Inspections($unitId: ID, $after: String) {
    inspections(unitId: $unitId, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        unit { id name }
        inspector { id name username }
        covert
        conductedAt
        note
        findings {
          id
          description
          severity
          location { lat lng }
          request { id number status }
        }
      }
    }
  }
`);

export const RecordInspectionMutation = graphql(`
  mutation RecordInspection($input: RecordInspectionInput!) {
    recordInspection(input: $input) { id findings { id request { id number } } }
  }
`);

export const ProblemNoticesQuery = graphql(`
  query ProblemNotices($status: [NoticeStatus!], $after: String) {
    problemNotices(status: $status, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        number
        title
        body
        issuedBy { id name username }
        issuedAt
        rectifyBy
        status
        units { id name ancestors { id } }
        requests { id number }
        responses { unit { id name } report respondedBy { id name username } respondedAt late }
      }
    }
  }
`);

export const IssueNoticeMutation = graphql(`
  mutation IssueProblemNotice($input: IssueProblemNoticeInput!) {
    issueProblemNotice(input: $input) { id number }
  }
`);

export const RespondToNoticeMutation = graphql(`
  mutation RespondToNotice($input: RespondToNoticeInput!) {
    respondToProblemNotice(input: $input) { id status }
  }
`);

export const CloseNoticeMutation = graphql(`
  mutation CloseProblemNotice($input: NoticeIdInput!) {
    closeProblemNotice(input: $input) { id status }
  }
`);

export const NegativeListItemsQuery = graphql(`
  query NegativeListItems {
    negativeListItems { code description deduction veto }
  }
`);

export const UpsertNegativeListItemMutation = graphql(`
  mutation UpsertNegativeListItem($input: UpsertNegativeListItemInput!) {
    upsertNegativeListItem(input: $input) { code description deduction veto }
  }
`);

export const NegativeEntriesQuery = graphql(`
  query NegativeEntries($includeRevoked: Boolean, $after: String) {
    negativeListEntries(includeRevoked: $includeRevoked, first: 50, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        unit { id name }
        item { code description deduction veto }
        occurredAt
        note
        recordedBy { id name username }
        revoked
        revokedReason
      }
    }
  }
`);

export const RecordNegativeEntryMutation = graphql(`
  mutation RecordNegativeEntry($input: RecordNegativeEntryInput!) {
    recordNegativeEntry(input: $input) { id }
  }
`);

export const RevokeNegativeEntryMutation = graphql(`
  mutation RevokeNegativeEntry($input: RevokeNegativeEntryInput!) {
    revokeNegativeEntry(input: $input) { id revoked }
  }
`);
