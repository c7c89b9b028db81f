/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      id\n      username\n      name\n      role\n      scope { id code name level }\n      member { id name unit { id name } }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token user { id username role } }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RegisterResident($input: RegisterResidentInput!) {\n    registerResident(input: $input) { token user { id username role } }\n  }\n": typeof types.RegisterResidentDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query Categories {\n    serviceCategories { id code name acceptWithinMinutes resolveWithinHours }\n  }\n": typeof types.CategoriesDocument,
    "\n  query RootUnits($includeArchived: Boolean) {\n    orgUnits(level: STREET_COMMITTEE, includeArchived: $includeArchived, first: 100) {\n      nodes { id code name level archived openRequestCount boundary { lat lng } }\n    }\n  }\n": typeof types.RootUnitsDocument,
    "\n  query ChildUnits($parentId: ID!, $includeArchived: Boolean) {\n    orgUnits(parentId: $parentId, includeArchived: $includeArchived, first: 100) {\n      totalCount\n      nodes { id code name level archived openRequestCount boundary { lat lng } }\n    }\n  }\n": typeof types.ChildUnitsDocument,
    "\n  query SearchUnits($search: String, $level: OrgLevel) {\n    orgUnits(search: $search, level: $level, first: 20) {\n      nodes { id code name level ancestors { id name } }\n    }\n  }\n": typeof types.SearchUnitsDocument,
    "\n  query UnitDetail($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      code\n      name\n      level\n      archived\n      openRequestCount\n      boundary { lat lng }\n      parent { id name }\n      ancestors { id name level }\n      secretary { id name phone }\n      responders { id name phone skills openAssignmentCount active }\n      members(first: 100) {\n        totalCount\n        nodes { id name phone partyMember responder skills active openAssignmentCount }\n      }\n    }\n  }\n": typeof types.UnitDetailDocument,
    "\n  mutation CreateUnit($input: CreateOrgUnitInput!) {\n    createOrgUnit(input: $input) { id code name level }\n  }\n": typeof types.CreateUnitDocument,
    "\n  mutation UpdateUnit($input: UpdateOrgUnitInput!) {\n    updateOrgUnit(input: $input) { id name boundary { lat lng } }\n  }\n": typeof types.UpdateUnitDocument,
    "\n  mutation MoveUnit($input: MoveOrgUnitInput!) {\n    moveOrgUnit(input: $input) { id parent { id name } ancestors { id name } }\n  }\n": typeof types.MoveUnitDocument,
    "\n  mutation ArchiveUnit($input: ArchiveOrgUnitInput!) {\n    archiveOrgUnit(input: $input) { id archived }\n  }\n": typeof types.ArchiveUnitDocument,
    "\n  mutation RestoreUnit($input: RestoreOrgUnitInput!) {\n    restoreOrgUnit(input: $input) { id archived }\n  }\n": typeof types.RestoreUnitDocument,
    "\n  mutation ImportUnits($input: ImportOrgUnitsInput!) {\n    importOrgUnits(input: $input) {\n      imported\n      total\n      byLevel { level count }\n      problems { line feature message text }\n    }\n  }\n": typeof types.ImportUnitsDocument,
    "\n  query Users($search: String, $after: String) {\n    users(search: $search, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id username name phone role active scope { id name } member { id name } }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateMember($input: CreateMemberInput!) {\n    createMember(input: $input) { id name }\n  }\n": typeof types.CreateMemberDocument,
    "\n  mutation UpdateMember($input: UpdateMemberInput!) {\n    updateMember(input: $input) { id name phone partyMember responder skills active }\n  }\n": typeof types.UpdateMemberDocument,
    "\n  mutation SetSecretary($input: SetSecretaryInput!) {\n    setSecretary(input: $input) { id secretary { id name } }\n  }\n": typeof types.SetSecretaryDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id username role }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) { id role active scope { id name } }\n  }\n": typeof types.UpdateUserDocument,
    "\n  fragment RequestRow on ServiceRequest {\n    id\n    number\n    status\n    description\n    category { code name }\n    unit { id name level }\n    courtyard { id name }\n    assignee { id name }\n    reporter { id }\n    acceptDueAt\n    resolveDueAt\n    createdAt\n    updatedAt\n    version\n    rating\n    escalationCount\n    reworkCount\n  }\n": typeof types.RequestRowFragmentDoc,
    "\n  query Requests($filter: ServiceRequestFilter, $orderBy: ServiceRequestOrder, $first: Int, $after: String) {\n    serviceRequests(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...RequestRow }\n    }\n  }\n": typeof types.RequestsDocument,
    "\n  query RequestDetail($id: ID!) {\n    serviceRequest(id: $id) {\n      ...RequestRow\n      location { lat lng }\n      address\n      reporter { id username name }\n      duplicateOf { id number }\n      courtyard { id name boundary { lat lng } }\n      unit { id name level children(first: 100) { nodes { id name level } } }\n      events {\n        id\n        type\n        at\n        note\n        fromStatus\n        toStatus\n        actor { username name }\n        unit { name }\n        assignee { name }\n      }\n    }\n  }\n": typeof types.RequestDetailDocument,
    "\n  query RespondersUnder($unitId: ID!) {\n    orgUnit(id: $unitId) {\n      id\n      level\n      responders { id name skills openAssignmentCount active unit { id name } }\n      descendants(level: COURTYARD_GROUP, first: 100) {\n        nodes { id name responders { id name skills openAssignmentCount active unit { id name } } }\n      }\n    }\n  }\n": typeof types.RespondersUnderDocument,
    "\n  query RequestByNumber($number: String!) {\n    serviceRequest(number: $number) { id number status }\n  }\n": typeof types.RequestByNumberDocument,
    "\n  subscription RequestChanged($unitId: ID) {\n    serviceRequestChanged(unitId: $unitId) {\n      requestId\n      event { id type at }\n      request { ...RequestRow }\n    }\n  }\n": typeof types.RequestChangedDocument,
    "\n  mutation SubmitRequest($input: SubmitServiceRequestInput!) {\n    submitServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.SubmitRequestDocument,
    "\n  mutation Dispatch($input: DispatchServiceRequestInput!) {\n    dispatchServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.DispatchDocument,
    "\n  mutation Assign($input: AssignServiceRequestInput!) {\n    assignServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.AssignDocument,
    "\n  mutation Accept($input: RequestActionInput!) {\n    acceptServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.AcceptDocument,
    "\n  mutation Escalate($input: RequestActionInput!) {\n    escalateServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.EscalateDocument,
    "\n  mutation Resolve($input: RequestActionInput!) {\n    resolveServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.ResolveDocument,
    "\n  mutation Close($input: CloseServiceRequestInput!) {\n    closeServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.CloseDocument,
    "\n  mutation Reopen($input: RequestActionInput!) {\n    reopenServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.ReopenDocument,
    "\n  mutation Cancel($input: CancelServiceRequestInput!) {\n    cancelServiceRequest(input: $input) { ...RequestRow }\n  }\n": typeof types.CancelDocument,
    "\n  query OverdueCount($unitId: ID!) {\n    serviceRequests(filter: { unitId: $unitId, overdue: true }, first: 1) { totalCount }\n  }\n": typeof types.OverdueCountDocument,
    "\n  query Courtyards($search: String) {\n    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {\n      nodes { id code name boundary { lat lng } }\n    }\n  }\n": typeof types.CourtyardsDocument,
    "\n  query AdminCategories {\n    serviceCategories { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }\n  }\n": typeof types.AdminCategoriesDocument,
    "\n  mutation UpsertCategory($input: UpsertServiceCategoryInput!) {\n    upsertServiceCategory(input: $input) { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }\n  }\n": typeof types.UpsertCategoryDocument,
    "\n  query WorkingCalendar($from: String!, $to: String!) {\n    workingCalendar(from: $from, to: $to) { date workday note source }\n  }\n": typeof types.WorkingCalendarDocument,
    "\n  mutation SetCalendarDay($input: SetCalendarDayInput!) {\n    setCalendarDay(input: $input) { date workday note source }\n  }\n": typeof types.SetCalendarDayDocument,
    "\n  mutation RemoveCalendarOverride($date: String!) {\n    removeCalendarOverride(date: $date) { date workday note source }\n  }\n": typeof types.RemoveCalendarOverrideDocument,
    "\n  query ApiKeys {\n    apiKeys { id name prefix createdAt lastUsedAt revoked user { id username } }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name prefix createdAt lastUsedAt revoked user { id username } } }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { id revoked }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  fragment AssessmentFigures on UnitIndicators {\n    unit { id code name level }\n    received\n    cancelled\n    due\n    resolvedOnTime\n    closed\n    resolved\n    reworked\n    overdueUnresolved\n    escalations\n    rated\n    averageRating\n    onTimeRate\n    closureRate\n    reworkRate\n    satisfactionRate\n    inspectionFindings\n    findingsOverdue\n    negativeEntries\n    vetoed\n    deductions\n    score\n    grade\n  }\n": typeof types.AssessmentFiguresFragmentDoc,
    "\n  query AssessmentUnitPick($search: String, $parentId: ID, $level: OrgLevel) {\n    orgUnits(search: $search, parentId: $parentId, level: $level, first: 50) {\n      nodes { id code name level boundary { lat lng } ancestors { id } }\n    }\n  }\n": typeof types.AssessmentUnitPickDocument,
    "\n  query AssessmentScopeParent($id: ID!) {\n    orgUnit(id: $id) { id parent { id code name level boundary { lat lng } } }\n  }\n": typeof types.AssessmentScopeParentDocument,
    "\n  query AssessmentRanking($unitId: ID, $from: DateTime!, $to: DateTime!, $level: OrgLevel) {\n    assessmentRanking(unitId: $unitId, from: $from, to: $to, level: $level) {\n      rank\n      indicators { ...AssessmentFigures }\n    }\n  }\n": typeof types.AssessmentRankingDocument,
    "\n  query UnitIndicators($id: ID!, $from: DateTime!, $to: DateTime!) {\n    orgUnit(id: $id) {\n      id\n      name\n      indicators(from: $from, to: $to) { ...AssessmentFigures }\n    }\n  }\n": typeof types.UnitIndicatorsDocument,
    "\n  query AssessmentResult($period: String!, $unitId: ID) {\n    assessmentResult(period: $period, unitId: $unitId) {\n      id\n      period\n      unit { id name }\n      schemeVersion\n      publishedAt\n      publishedBy { id name username }\n      ranking { rank indicators { ...AssessmentFigures } }\n    }\n  }\n": typeof types.AssessmentResultDocument,
    "\n  mutation PublishAssessment($input: PublishAssessmentInput!) {\n    publishAssessment(input: $input) { id period schemeVersion publishedAt }\n  }\n": typeof types.PublishAssessmentDocument,
    "\n  query AssessmentScheme {\n    assessmentScheme {\n      version\n      onTimeWeight\n      closureWeight\n      reworkWeight\n      satisfactionWeight\n      findingDeduction\n      overdueFindingDeduction\n      createdAt\n    }\n  }\n": typeof types.AssessmentSchemeDocument,
    "\n  mutation SetAssessmentScheme($input: SetAssessmentSchemeInput!) {\n    setAssessmentScheme(input: $input) { version }\n  }\n": typeof types.SetAssessmentSchemeDocument,
    "\n  query Inspections($unitId: ID, $after: String) {\n    inspections(unitId: $unitId, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        unit { id name }\n        inspector { id name username }\n        covert\n        conductedAt\n        note\n        findings {\n          id\n          description\n          severity\n          location { lat lng }\n          request { id number status }\n        }\n      }\n    }\n  }\n": typeof types.InspectionsDocument,
    "\n  mutation RecordInspection($input: RecordInspectionInput!) {\n    recordInspection(input: $input) { id findings { id request { id number } } }\n  }\n": typeof types.RecordInspectionDocument,
    "\n  query ProblemNotices($status: [NoticeStatus!], $after: String) {\n    problemNotices(status: $status, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        number\n        title\n        body\n        issuedBy { id name username }\n        issuedAt\n        rectifyBy\n        status\n        units { id name ancestors { id } }\n        requests { id number }\n        responses { unit { id name } report respondedBy { id name username } respondedAt late }\n      }\n    }\n  }\n": typeof types.ProblemNoticesDocument,
    "\n  mutation IssueProblemNotice($input: IssueProblemNoticeInput!) {\n    issueProblemNotice(input: $input) { id number }\n  }\n": typeof types.IssueProblemNoticeDocument,
    "\n  mutation RespondToNotice($input: RespondToNoticeInput!) {\n    respondToProblemNotice(input: $input) { id status }\n  }\n": typeof types.RespondToNoticeDocument,
    "\n  mutation CloseProblemNotice($input: NoticeIdInput!) {\n    closeProblemNotice(input: $input) { id status }\n  }\n": typeof types.CloseProblemNoticeDocument,
    "\n  query NegativeListItems {\n    negativeListItems { code description deduction veto }\n  }\n": typeof types.NegativeListItemsDocument,
    "\n  mutation UpsertNegativeListItem($input: UpsertNegativeListItemInput!) {\n    upsertNegativeListItem(input: $input) { code description deduction veto }\n  }\n": typeof types.UpsertNegativeListItemDocument,
    "\n  query NegativeEntries($includeRevoked: Boolean, $after: String) {\n    negativeListEntries(includeRevoked: $includeRevoked, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        unit { id name }\n        item { code description deduction veto }\n        occurredAt\n        note\n        recordedBy { id name username }\n        revoked\n        revokedReason\n      }\n    }\n  }\n": typeof types.NegativeEntriesDocument,
    "\n  mutation RecordNegativeEntry($input: RecordNegativeEntryInput!) {\n    recordNegativeEntry(input: $input) { id }\n  }\n": typeof types.RecordNegativeEntryDocument,
    "\n  mutation RevokeNegativeEntry($input: RevokeNegativeEntryInput!) {\n    revokeNegativeEntry(input: $input) { id revoked }\n  }\n": typeof types.RevokeNegativeEntryDocument,
    "\n  query FacilityCourtyards($search: String) {\n    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {\n      nodes { id code name }\n    }\n  }\n": typeof types.FacilityCourtyardsDocument,
    "\n  query CourtyardFacilities($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      code\n      name\n      boundary { lat lng }\n      ancestors { id name }\n      facilities(first: 100) {\n        totalCount\n        nodes { id code name status installedAt openRequestCount location { lat lng } type { code name } }\n      }\n    }\n  }\n": typeof types.CourtyardFacilitiesDocument,
    "\n  query CoverageUnits($search: String) {\n    orgUnits(search: $search, first: 100) {\n      nodes { id code name level }\n    }\n  }\n": typeof types.CoverageUnitsDocument,
    "\n  query FacilityCoverage($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      name\n      facilityCoverage {\n        type { code name }\n        courtyards\n        courtyardsWithType\n        lacking { id code name }\n      }\n    }\n  }\n": typeof types.FacilityCoverageDocument,
    "\n  mutation UpdateFacilityStatus($input: UpdateFacilityInput!) {\n    updateFacility(input: $input) { id status }\n  }\n": typeof types.UpdateFacilityStatusDocument,
    "\n  query RequestExtras($id: ID!) {\n    serviceRequest(id: $id) {\n      id\n      followerCount\n      location { lat lng }\n      facility { id code name status type { name } courtyard { id name } }\n      possibleDuplicates {\n        id\n        number\n        status\n        description\n        createdAt\n        location { lat lng }\n        category { name }\n        courtyard { name }\n        facility { code }\n      }\n    }\n  }\n": typeof types.RequestExtrasDocument,
    "\n  query SimilarRequests($categoryCode: String!, $location: GeoPointInput, $facilityId: ID) {\n    similarServiceRequests(categoryCode: $categoryCode, location: $location, facilityId: $facilityId) {\n      requestId\n      number\n      categoryCode\n      status\n      distanceMeters\n      createdAt\n      facilityCode\n    }\n  }\n": typeof types.SimilarRequestsDocument,
    "\n  mutation FollowRequest($input: FollowServiceRequestInput!) {\n    followServiceRequest(input: $input) { id status followerCount }\n  }\n": typeof types.FollowRequestDocument,
    "\n  fragment VolunteerCard on Volunteer {\n    id\n    number\n    name\n    phone\n    skills\n    totalHours\n    starLevel\n    eligibleStarLevel\n    registeredAt\n    active\n    unit { id name }\n    user { id username }\n    organizations { id name }\n  }\n": typeof types.VolunteerCardFragmentDoc,
    "\n  fragment HoursEntryRow on VolunteerHoursEntry {\n    id\n    hours\n    source\n    status\n    serviceDate\n    description\n    note\n    createdAt\n    decidedAt\n    organization { id name }\n    activity { id title }\n    recordedBy { id username name }\n    decidedBy { id username name }\n  }\n": typeof types.HoursEntryRowFragmentDoc,
    "\n  fragment ActivityRow on VolunteerActivity {\n    id\n    title\n    description\n    address\n    startsAt\n    endsAt\n    capacity\n    signupCount\n    status\n    version\n    checkInCode\n    unit { id name }\n    organization { id name }\n  }\n": typeof types.ActivityRowFragmentDoc,
    "\n  query MyVolunteer {\n    myVolunteer {\n      ...VolunteerCard\n      starAwards { id level awardedAt effectiveAt revoked }\n      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }\n      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }\n    }\n  }\n": typeof types.MyVolunteerDocument,
    "\n  query OpenActivities {\n    volunteerActivities(status: [PUBLISHED], first: 50) {\n      nodes {\n        ...ActivityRow\n        signups(first: 100) { nodes { id status checkedInAt checkedOutAt volunteer { id } } }\n      }\n    }\n  }\n": typeof types.OpenActivitiesDocument,
    "\n  query ManagedOrganizations($search: String) {\n    volunteerOrganizations(search: $search, first: 100) {\n      nodes { id name kind active volunteerCount unit { id name ancestors { id } } managers { id } }\n    }\n  }\n": typeof types.ManagedOrganizationsDocument,
    "\n  mutation RegisterVolunteer($input: RegisterVolunteerInput!) {\n    registerVolunteer(input: $input) { ...VolunteerCard }\n  }\n": typeof types.RegisterVolunteerDocument,
    "\n  mutation SignUpForActivity($input: SignUpInput!) {\n    signUpForActivity(input: $input) { id status activity { id signupCount version } }\n  }\n": typeof types.SignUpForActivityDocument,
    "\n  mutation CancelSignup($input: SignUpInput!) {\n    cancelSignup(input: $input) { id status activity { id signupCount version } }\n  }\n": typeof types.CancelSignupDocument,
    "\n  mutation CheckIn($input: CheckInInput!) {\n    checkIn(input: $input) { id status checkedInAt checkedOutAt }\n  }\n": typeof types.CheckInDocument,
    "\n  mutation CheckOut($input: CheckInInput!) {\n    checkOut(input: $input) { id status checkedInAt checkedOutAt }\n  }\n": typeof types.CheckOutDocument,
    "\n  mutation IssueCertificate($input: IssueCertificateInput!) {\n    issueVolunteerCertificate(input: $input) { number verificationCode hours starLevel issuedAt revoked }\n  }\n": typeof types.IssueCertificateDocument,
    "\n  mutation RevokeCertificate($input: RevokeCertificateInput!) {\n    revokeVolunteerCertificate(input: $input) { number revoked }\n  }\n": typeof types.RevokeCertificateDocument,
    "\n  query CheckCertificate($number: String!, $verificationCode: String!) {\n    checkVolunteerCertificate(number: $number, verificationCode: $verificationCode) {\n      number valid volunteerName hours starLevel issuedByName issuedAt revoked\n    }\n  }\n": typeof types.CheckCertificateDocument,
    "\n  query VolunteerActivities($status: [ActivityStatus!], $first: Int) {\n    volunteerActivities(status: $status, first: $first) {\n      totalCount\n      nodes { ...ActivityRow }\n    }\n  }\n": typeof types.VolunteerActivitiesDocument,
    "\n  query ActivityDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on VolunteerActivity {\n        ...ActivityRow\n        signups(first: 100) {\n          totalCount\n          nodes { id status checkedInAt checkedOutAt createdAt volunteer { id number name } }\n        }\n      }\n    }\n  }\n": typeof types.ActivityDetailDocument,
    "\n  mutation CreateVolunteerActivity($input: CreateVolunteerActivityInput!) {\n    createVolunteerActivity(input: $input) { ...ActivityRow }\n  }\n": typeof types.CreateVolunteerActivityDocument,
    "\n  mutation CloseVolunteerActivity($input: ActivityIdInput!) {\n    closeVolunteerActivity(input: $input) { id status version }\n  }\n": typeof types.CloseVolunteerActivityDocument,
    "\n  mutation CancelVolunteerActivity($input: ActivityIdInput!) {\n    cancelVolunteerActivity(input: $input) { id status version }\n  }\n": typeof types.CancelVolunteerActivityDocument,
    "\n  query Volunteers($filter: VolunteerFilter, $first: Int) {\n    volunteers(filter: $filter, first: $first) {\n      totalCount\n      nodes { ...VolunteerCard }\n    }\n  }\n": typeof types.VolunteersDocument,
    "\n  query VolunteerDetail($id: ID!) {\n    volunteer(id: $id) {\n      ...VolunteerCard\n      starAwards { id level awardedAt effectiveAt revoked note awardedBy { id username name } }\n      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }\n      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }\n    }\n  }\n": typeof types.VolunteerDetailDocument,
    "\n  mutation BackfillVolunteerHours($input: BackfillHoursInput!) {\n    backfillVolunteerHours(input: $input) { ...HoursEntryRow }\n  }\n": typeof types.BackfillVolunteerHoursDocument,
    "\n  query PendingVolunteerHours($first: Int) {\n    pendingVolunteerHours(first: $first) {\n      totalCount\n      nodes { ...HoursEntryRow volunteer { id number name } }\n    }\n  }\n": typeof types.PendingVolunteerHoursDocument,
    "\n  mutation DecideVolunteerHours($input: DecideHoursInput!) {\n    decideVolunteerHours(input: $input) { id status decidedAt decidedBy { id username } }\n  }\n": typeof types.DecideVolunteerHoursDocument,
    "\n  mutation AwardStarLevel($input: AwardStarInput!) {\n    awardStarLevel(input: $input) { id level awardedAt effectiveAt revoked }\n  }\n": typeof types.AwardStarLevelDocument,
    "\n  mutation RevokeStarAward($input: RevokeStarAwardInput!) {\n    revokeStarAward(input: $input) { id revoked }\n  }\n": typeof types.RevokeStarAwardDocument,
    "\n  mutation CorrectVolunteerHours($input: CorrectHoursInput!) {\n    correctVolunteerHours(input: $input) { ...HoursEntryRow }\n  }\n": typeof types.CorrectVolunteerHoursDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n      username\n      name\n      role\n      scope { id code name level }\n      member { id name unit { id name } }\n    }\n  }\n": types.MeDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token user { id username role } }\n  }\n": types.LoginDocument,
    "\n  mutation RegisterResident($input: RegisterResidentInput!) {\n    registerResident(input: $input) { token user { id username role } }\n  }\n": types.RegisterResidentDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ChangePasswordDocument,
    "\n  query Categories {\n    serviceCategories { id code name acceptWithinMinutes resolveWithinHours }\n  }\n": types.CategoriesDocument,
    "\n  query RootUnits($includeArchived: Boolean) {\n    orgUnits(level: STREET_COMMITTEE, includeArchived: $includeArchived, first: 100) {\n      nodes { id code name level archived openRequestCount boundary { lat lng } }\n    }\n  }\n": types.RootUnitsDocument,
    "\n  query ChildUnits($parentId: ID!, $includeArchived: Boolean) {\n    orgUnits(parentId: $parentId, includeArchived: $includeArchived, first: 100) {\n      totalCount\n      nodes { id code name level archived openRequestCount boundary { lat lng } }\n    }\n  }\n": types.ChildUnitsDocument,
    "\n  query SearchUnits($search: String, $level: OrgLevel) {\n    orgUnits(search: $search, level: $level, first: 20) {\n      nodes { id code name level ancestors { id name } }\n    }\n  }\n": types.SearchUnitsDocument,
    "\n  query UnitDetail($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      code\n      name\n      level\n      archived\n      openRequestCount\n      boundary { lat lng }\n      parent { id name }\n      ancestors { id name level }\n      secretary { id name phone }\n      responders { id name phone skills openAssignmentCount active }\n      members(first: 100) {\n        totalCount\n        nodes { id name phone partyMember responder skills active openAssignmentCount }\n      }\n    }\n  }\n": types.UnitDetailDocument,
    "\n  mutation CreateUnit($input: CreateOrgUnitInput!) {\n    createOrgUnit(input: $input) { id code name level }\n  }\n": types.CreateUnitDocument,
    "\n  mutation UpdateUnit($input: UpdateOrgUnitInput!) {\n    updateOrgUnit(input: $input) { id name boundary { lat lng } }\n  }\n": types.UpdateUnitDocument,
    "\n  mutation MoveUnit($input: MoveOrgUnitInput!) {\n    moveOrgUnit(input: $input) { id parent { id name } ancestors { id name } }\n  }\n": types.MoveUnitDocument,
    "\n  mutation ArchiveUnit($input: ArchiveOrgUnitInput!) {\n    archiveOrgUnit(input: $input) { id archived }\n  }\n": types.ArchiveUnitDocument,
    "\n  mutation RestoreUnit($input: RestoreOrgUnitInput!) {\n    restoreOrgUnit(input: $input) { id archived }\n  }\n": types.RestoreUnitDocument,
    "\n  mutation ImportUnits($input: ImportOrgUnitsInput!) {\n    importOrgUnits(input: $input) {\n      imported\n      total\n      byLevel { level count }\n      problems { line feature message text }\n    }\n  }\n": types.ImportUnitsDocument,
    "\n  query Users($search: String, $after: String) {\n    users(search: $search, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id username name phone role active scope { id name } member { id name } }\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateMember($input: CreateMemberInput!) {\n    createMember(input: $input) { id name }\n  }\n": types.CreateMemberDocument,
    "\n  mutation UpdateMember($input: UpdateMemberInput!) {\n    updateMember(input: $input) { id name phone partyMember responder skills active }\n  }\n": types.UpdateMemberDocument,
    "\n  mutation SetSecretary($input: SetSecretaryInput!) {\n    setSecretary(input: $input) { id secretary { id name } }\n  }\n": types.SetSecretaryDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id username role }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) { id role active scope { id name } }\n  }\n": types.UpdateUserDocument,
    "\n  fragment RequestRow on ServiceRequest {\n    id\n    number\n    status\n    description\n    category { code name }\n    unit { id name level }\n    courtyard { id name }\n    assignee { id name }\n    reporter { id }\n    acceptDueAt\n    resolveDueAt\n    createdAt\n    updatedAt\n    version\n    rating\n    escalationCount\n    reworkCount\n  }\n": types.RequestRowFragmentDoc,
    "\n  query Requests($filter: ServiceRequestFilter, $orderBy: ServiceRequestOrder, $first: Int, $after: String) {\n    serviceRequests(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...RequestRow }\n    }\n  }\n": types.RequestsDocument,
    "\n  query RequestDetail($id: ID!) {\n    serviceRequest(id: $id) {\n      ...RequestRow\n      location { lat lng }\n      address\n      reporter { id username name }\n      duplicateOf { id number }\n      courtyard { id name boundary { lat lng } }\n      unit { id name level children(first: 100) { nodes { id name level } } }\n      events {\n        id\n        type\n        at\n        note\n        fromStatus\n        toStatus\n        actor { username name }\n        unit { name }\n        assignee { name }\n      }\n    }\n  }\n": types.RequestDetailDocument,
    "\n  query RespondersUnder($unitId: ID!) {\n    orgUnit(id: $unitId) {\n      id\n      level\n      responders { id name skills openAssignmentCount active unit { id name } }\n      descendants(level: COURTYARD_GROUP, first: 100) {\n        nodes { id name responders { id name skills openAssignmentCount active unit { id name } } }\n      }\n    }\n  }\n": types.RespondersUnderDocument,
    "\n  query RequestByNumber($number: String!) {\n    serviceRequest(number: $number) { id number status }\n  }\n": types.RequestByNumberDocument,
    "\n  subscription RequestChanged($unitId: ID) {\n    serviceRequestChanged(unitId: $unitId) {\n      requestId\n      event { id type at }\n      request { ...RequestRow }\n    }\n  }\n": types.RequestChangedDocument,
    "\n  mutation SubmitRequest($input: SubmitServiceRequestInput!) {\n    submitServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.SubmitRequestDocument,
    "\n  mutation Dispatch($input: DispatchServiceRequestInput!) {\n    dispatchServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.DispatchDocument,
    "\n  mutation Assign($input: AssignServiceRequestInput!) {\n    assignServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.AssignDocument,
    "\n  mutation Accept($input: RequestActionInput!) {\n    acceptServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.AcceptDocument,
    "\n  mutation Escalate($input: RequestActionInput!) {\n    escalateServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.EscalateDocument,
    "\n  mutation Resolve($input: RequestActionInput!) {\n    resolveServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.ResolveDocument,
    "\n  mutation Close($input: CloseServiceRequestInput!) {\n    closeServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.CloseDocument,
    "\n  mutation Reopen($input: RequestActionInput!) {\n    reopenServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.ReopenDocument,
    "\n  mutation Cancel($input: CancelServiceRequestInput!) {\n    cancelServiceRequest(input: $input) { ...RequestRow }\n  }\n": types.CancelDocument,
    "\n  query OverdueCount($unitId: ID!) {\n    serviceRequests(filter: { unitId: $unitId, overdue: true }, first: 1) { totalCount }\n  }\n": types.OverdueCountDocument,
    "\n  query Courtyards($search: String) {\n    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {\n      nodes { id code name boundary { lat lng } }\n    }\n  }\n": types.CourtyardsDocument,
    "\n  query AdminCategories {\n    serviceCategories { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }\n  }\n": types.AdminCategoriesDocument,
    "\n  mutation UpsertCategory($input: UpsertServiceCategoryInput!) {\n    upsertServiceCategory(input: $input) { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }\n  }\n": types.UpsertCategoryDocument,
    "\n  query WorkingCalendar($from: String!, $to: String!) {\n    workingCalendar(from: $from, to: $to) { date workday note source }\n  }\n": types.WorkingCalendarDocument,
    "\n  mutation SetCalendarDay($input: SetCalendarDayInput!) {\n    setCalendarDay(input: $input) { date workday note source }\n  }\n": types.SetCalendarDayDocument,
    "\n  mutation RemoveCalendarOverride($date: String!) {\n    removeCalendarOverride(date: $date) { date workday note source }\n  }\n": types.RemoveCalendarOverrideDocument,
    "\n  query ApiKeys {\n    apiKeys { id name prefix createdAt lastUsedAt revoked user { id username } }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name prefix createdAt lastUsedAt revoked user { id username } } }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { id revoked }\n  }\n": types.RevokeApiKeyDocument,
    "\n  fragment AssessmentFigures on UnitIndicators {\n    unit { id code name level }\n    received\n    cancelled\n    due\n    resolvedOnTime\n    closed\n    resolved\n    reworked\n    overdueUnresolved\n    escalations\n    rated\n    averageRating\n    onTimeRate\n    closureRate\n    reworkRate\n    satisfactionRate\n    inspectionFindings\n    findingsOverdue\n    negativeEntries\n    vetoed\n    deductions\n    score\n    grade\n  }\n": types.AssessmentFiguresFragmentDoc,
    "\n  query AssessmentUnitPick($search: String, $parentId: ID, $level: OrgLevel) {\n    orgUnits(search: $search, parentId: $parentId, level: $level, first: 50) {\n      nodes { id code name level boundary { lat lng } ancestors { id } }\n    }\n  }\n": types.AssessmentUnitPickDocument,
    "\n  query AssessmentScopeParent($id: ID!) {\n    orgUnit(id: $id) { id parent { id code name level boundary { lat lng } } }\n  }\n": types.AssessmentScopeParentDocument,
    "\n  query AssessmentRanking($unitId: ID, $from: DateTime!, $to: DateTime!, $level: OrgLevel) {\n    assessmentRanking(unitId: $unitId, from: $from, to: $to, level: $level) {\n      rank\n      indicators { ...AssessmentFigures }\n    }\n  }\n": types.AssessmentRankingDocument,
    "\n  query UnitIndicators($id: ID!, $from: DateTime!, $to: DateTime!) {\n    orgUnit(id: $id) {\n      id\n      name\n      indicators(from: $from, to: $to) { ...AssessmentFigures }\n    }\n  }\n": types.UnitIndicatorsDocument,
    "\n  query AssessmentResult($period: String!, $unitId: ID) {\n    assessmentResult(period: $period, unitId: $unitId) {\n      id\n      period\n      unit { id name }\n      schemeVersion\n      publishedAt\n      publishedBy { id name username }\n      ranking { rank indicators { ...AssessmentFigures } }\n    }\n  }\n": types.AssessmentResultDocument,
    "\n  mutation PublishAssessment($input: PublishAssessmentInput!) {\n    publishAssessment(input: $input) { id period schemeVersion publishedAt }\n  }\n": types.PublishAssessmentDocument,
    "\n  query AssessmentScheme {\n    assessmentScheme {\n      version\n      onTimeWeight\n      closureWeight\n      reworkWeight\n      satisfactionWeight\n      findingDeduction\n      overdueFindingDeduction\n      createdAt\n    }\n  }\n": types.AssessmentSchemeDocument,
    "\n  mutation SetAssessmentScheme($input: SetAssessmentSchemeInput!) {\n    setAssessmentScheme(input: $input) { version }\n  }\n": types.SetAssessmentSchemeDocument,
    "\n  query Inspections($unitId: ID, $after: String) {\n    inspections(unitId: $unitId, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        unit { id name }\n        inspector { id name username }\n        covert\n        conductedAt\n        note\n        findings {\n          id\n          description\n          severity\n          location { lat lng }\n          request { id number status }\n        }\n      }\n    }\n  }\n": types.InspectionsDocument,
    "\n  mutation RecordInspection($input: RecordInspectionInput!) {\n    recordInspection(input: $input) { id findings { id request { id number } } }\n  }\n": types.RecordInspectionDocument,
    "\n  query ProblemNotices($status: [NoticeStatus!], $after: String) {\n    problemNotices(status: $status, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        number\n        title\n        body\n        issuedBy { id name username }\n        issuedAt\n        rectifyBy\n        status\n        units { id name ancestors { id } }\n        requests { id number }\n        responses { unit { id name } report respondedBy { id name username } respondedAt late }\n      }\n    }\n  }\n": types.ProblemNoticesDocument,
    "\n  mutation IssueProblemNotice($input: IssueProblemNoticeInput!) {\n    issueProblemNotice(input: $input) { id number }\n  }\n": types.IssueProblemNoticeDocument,
    "\n  mutation RespondToNotice($input: RespondToNoticeInput!) {\n    respondToProblemNotice(input: $input) { id status }\n  }\n": types.RespondToNoticeDocument,
    "\n  mutation CloseProblemNotice($input: NoticeIdInput!) {\n    closeProblemNotice(input: $input) { id status }\n  }\n": types.CloseProblemNoticeDocument,
    "\n  query NegativeListItems {\n    negativeListItems { code description deduction veto }\n  }\n": types.NegativeListItemsDocument,
    "\n  mutation UpsertNegativeListItem($input: UpsertNegativeListItemInput!) {\n    upsertNegativeListItem(input: $input) { code description deduction veto }\n  }\n": types.UpsertNegativeListItemDocument,
    "\n  query NegativeEntries($includeRevoked: Boolean, $after: String) {\n    negativeListEntries(includeRevoked: $includeRevoked, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        unit { id name }\n        item { code description deduction veto }\n        occurredAt\n        note\n        recordedBy { id name username }\n        revoked\n        revokedReason\n      }\n    }\n  }\n": types.NegativeEntriesDocument,
    "\n  mutation RecordNegativeEntry($input: RecordNegativeEntryInput!) {\n    recordNegativeEntry(input: $input) { id }\n  }\n": types.RecordNegativeEntryDocument,
    "\n  mutation RevokeNegativeEntry($input: RevokeNegativeEntryInput!) {\n    revokeNegativeEntry(input: $input) { id revoked }\n  }\n": types.RevokeNegativeEntryDocument,
    "\n  query FacilityCourtyards($search: String) {\n    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {\n      nodes { id code name }\n    }\n  }\n": types.FacilityCourtyardsDocument,
    "\n  query CourtyardFacilities($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      code\n      name\n      boundary { lat lng }\n      ancestors { id name }\n      facilities(first: 100) {\n        totalCount\n        nodes { id code name status installedAt openRequestCount location { lat lng } type { code name } }\n      }\n    }\n  }\n": types.CourtyardFacilitiesDocument,
    "\n  query CoverageUnits($search: String) {\n    orgUnits(search: $search, first: 100) {\n      nodes { id code name level }\n    }\n  }\n": types.CoverageUnitsDocument,
    "\n  query FacilityCoverage($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      name\n      facilityCoverage {\n        type { code name }\n        courtyards\n        courtyardsWithType\n        lacking { id code name }\n      }\n    }\n  }\n": types.FacilityCoverageDocument,
    "\n  mutation UpdateFacilityStatus($input: UpdateFacilityInput!) {\n    updateFacility(input: $input) { id status }\n  }\n": types.UpdateFacilityStatusDocument,
    "\n  query RequestExtras($id: ID!) {\n    serviceRequest(id: $id) {\n      id\n      followerCount\n      location { lat lng }\n      facility { id code name status type { name } courtyard { id name } }\n      possibleDuplicates {\n        id\n        number\n        status\n        description\n        createdAt\n        location { lat lng }\n        category { name }\n        courtyard { name }\n        facility { code }\n      }\n    }\n  }\n": types.RequestExtrasDocument,
    "\n  query SimilarRequests($categoryCode: String!, $location: GeoPointInput, $facilityId: ID) {\n    similarServiceRequests(categoryCode: $categoryCode, location: $location, facilityId: $facilityId) {\n      requestId\n      number\n      categoryCode\n      status\n      distanceMeters\n      createdAt\n      facilityCode\n    }\n  }\n": types.SimilarRequestsDocument,
    "\n  mutation FollowRequest($input: FollowServiceRequestInput!) {\n    followServiceRequest(input: $input) { id status followerCount }\n  }\n": types.FollowRequestDocument,
    "\n  fragment VolunteerCard on Volunteer {\n    id\n    number\n    name\n    phone\n    skills\n    totalHours\n    starLevel\n    eligibleStarLevel\n    registeredAt\n    active\n    unit { id name }\n    user { id username }\n    organizations { id name }\n  }\n": types.VolunteerCardFragmentDoc,
    "\n  fragment HoursEntryRow on VolunteerHoursEntry {\n    id\n    hours\n    source\n    status\n    serviceDate\n    description\n    note\n    createdAt\n    decidedAt\n    organization { id name }\n    activity { id title }\n    recordedBy { id username name }\n    decidedBy { id username name }\n  }\n": types.HoursEntryRowFragmentDoc,
    "\n  fragment ActivityRow on VolunteerActivity {\n    id\n    title\n    description\n    address\n    startsAt\n    endsAt\n    capacity\n    signupCount\n    status\n    version\n    checkInCode\n    unit { id name }\n    organization { id name }\n  }\n": types.ActivityRowFragmentDoc,
    "\n  query MyVolunteer {\n    myVolunteer {\n      ...VolunteerCard\n      starAwards { id level awardedAt effectiveAt revoked }\n      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }\n      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }\n    }\n  }\n": types.MyVolunteerDocument,
    "\n  query OpenActivities {\n    volunteerActivities(status: [PUBLISHED], first: 50) {\n      nodes {\n        ...ActivityRow\n        signups(first: 100) { nodes { id status checkedInAt checkedOutAt volunteer { id } } }\n      }\n    }\n  }\n": types.OpenActivitiesDocument,
    "\n  query ManagedOrganizations($search: String) {\n    volunteerOrganizations(search: $search, first: 100) {\n      nodes { id name kind active volunteerCount unit { id name ancestors { id } } managers { id } }\n    }\n  }\n": types.ManagedOrganizationsDocument,
    "\n  mutation RegisterVolunteer($input: RegisterVolunteerInput!) {\n    registerVolunteer(input: $input) { ...VolunteerCard }\n  }\n": types.RegisterVolunteerDocument,
    "\n  mutation SignUpForActivity($input: SignUpInput!) {\n    signUpForActivity(input: $input) { id status activity { id signupCount version } }\n  }\n": types.SignUpForActivityDocument,
    "\n  mutation CancelSignup($input: SignUpInput!) {\n    cancelSignup(input: $input) { id status activity { id signupCount version } }\n  }\n": types.CancelSignupDocument,
    "\n  mutation CheckIn($input: CheckInInput!) {\n    checkIn(input: $input) { id status checkedInAt checkedOutAt }\n  }\n": types.CheckInDocument,
    "\n  mutation CheckOut($input: CheckInInput!) {\n    checkOut(input: $input) { id status checkedInAt checkedOutAt }\n  }\n": types.CheckOutDocument,
    "\n  mutation IssueCertificate($input: IssueCertificateInput!) {\n    issueVolunteerCertificate(input: $input) { number verificationCode hours starLevel issuedAt revoked }\n  }\n": types.IssueCertificateDocument,
    "\n  mutation RevokeCertificate($input: RevokeCertificateInput!) {\n    revokeVolunteerCertificate(input: $input) { number revoked }\n  }\n": types.RevokeCertificateDocument,
    "\n  query CheckCertificate($number: String!, $verificationCode: String!) {\n    checkVolunteerCertificate(number: $number, verificationCode: $verificationCode) {\n      number valid volunteerName hours starLevel issuedByName issuedAt revoked\n    }\n  }\n": types.CheckCertificateDocument,
    "\n  query VolunteerActivities($status: [ActivityStatus!], $first: Int) {\n    volunteerActivities(status: $status, first: $first) {\n      totalCount\n      nodes { ...ActivityRow }\n    }\n  }\n": types.VolunteerActivitiesDocument,
    "\n  query ActivityDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on VolunteerActivity {\n        ...ActivityRow\n        signups(first: 100) {\n          totalCount\n          nodes { id status checkedInAt checkedOutAt createdAt volunteer { id number name } }\n        }\n      }\n    }\n  }\n": types.ActivityDetailDocument,
    "\n  mutation CreateVolunteerActivity($input: CreateVolunteerActivityInput!) {\n    createVolunteerActivity(input: $input) { ...ActivityRow }\n  }\n": types.CreateVolunteerActivityDocument,
    "\n  mutation CloseVolunteerActivity($input: ActivityIdInput!) {\n    closeVolunteerActivity(input: $input) { id status version }\n  }\n": types.CloseVolunteerActivityDocument,
    "\n  mutation CancelVolunteerActivity($input: ActivityIdInput!) {\n    cancelVolunteerActivity(input: $input) { id status version }\n  }\n": types.CancelVolunteerActivityDocument,
    "\n  query Volunteers($filter: VolunteerFilter, $first: Int) {\n    volunteers(filter: $filter, first: $first) {\n      totalCount\n      nodes { ...VolunteerCard }\n    }\n  }\n": types.VolunteersDocument,
    "\n  query VolunteerDetail($id: ID!) {\n    volunteer(id: $id) {\n      ...VolunteerCard\n      starAwards { id level awardedAt effectiveAt revoked note awardedBy { id username name } }\n      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }\n      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }\n    }\n  }\n": types.VolunteerDetailDocument,
    "\n  mutation BackfillVolunteerHours($input: BackfillHoursInput!) {\n    backfillVolunteerHours(input: $input) { ...HoursEntryRow }\n  }\n": types.BackfillVolunteerHoursDocument,
    "\n  query PendingVolunteerHours($first: Int) {\n    pendingVolunteerHours(first: $first) {\n      totalCount\n      nodes { ...HoursEntryRow volunteer { id number name } }\n    }\n  }\n": types.PendingVolunteerHoursDocument,
    "\n  mutation DecideVolunteerHours($input: DecideHoursInput!) {\n    decideVolunteerHours(input: $input) { id status decidedAt decidedBy { id username } }\n  }\n": types.DecideVolunteerHoursDocument,
    "\n  mutation AwardStarLevel($input: AwardStarInput!) {\n    awardStarLevel(input: $input) { id level awardedAt effectiveAt revoked }\n  }\n": types.AwardStarLevelDocument,
    "\n  mutation RevokeStarAward($input: RevokeStarAwardInput!) {\n    revokeStarAward(input: $input) { id revoked }\n  }\n": types.RevokeStarAwardDocument,
    "\n  mutation CorrectVolunteerHours($input: CorrectHoursInput!) {\n    correctVolunteerHours(input: $input) { ...HoursEntryRow }\n  }\n": types.CorrectVolunteerHoursDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      username\n      name\n      role\n      scope { id code name level }\n      member { id name unit { id name } }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      username\n      name\n      role\n      scope { id code name level }\n      member { id name unit { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token user { id username role } }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) { token user { id username role } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterResident($input: RegisterResidentInput!) {\n    registerResident(input: $input) { token user { id username role } }\n  }\n"): (typeof documents)["\n  mutation RegisterResident($input: RegisterResidentInput!) {\n    registerResident(input: $input) { token user { id username role } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Categories {\n    serviceCategories { id code name acceptWithinMinutes resolveWithinHours }\n  }\n"): (typeof documents)["\n  query Categories {\n    serviceCategories { id code name acceptWithinMinutes resolveWithinHours }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RootUnits($includeArchived: Boolean) {\n    orgUnits(level: STREET_COMMITTEE, includeArchived: $includeArchived, first: 100) {\n      nodes { id code name level archived openRequestCount boundary { lat lng } }\n    }\n  }\n"): (typeof documents)["\n  query RootUnits($includeArchived: Boolean) {\n    orgUnits(level: STREET_COMMITTEE, includeArchived: $includeArchived, first: 100) {\n      nodes { id code name level archived openRequestCount boundary { lat lng } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChildUnits($parentId: ID!, $includeArchived: Boolean) {\n    orgUnits(parentId: $parentId, includeArchived: $includeArchived, first: 100) {\n      totalCount\n      nodes { id code name level archived openRequestCount boundary { lat lng } }\n    }\n  }\n"): (typeof documents)["\n  query ChildUnits($parentId: ID!, $includeArchived: Boolean) {\n    orgUnits(parentId: $parentId, includeArchived: $includeArchived, first: 100) {\n      totalCount\n      nodes { id code name level archived openRequestCount boundary { lat lng } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchUnits($search: String, $level: OrgLevel) {\n    orgUnits(search: $search, level: $level, first: 20) {\n      nodes { id code name level ancestors { id name } }\n    }\n  }\n"): (typeof documents)["\n  query SearchUnits($search: String, $level: OrgLevel) {\n    orgUnits(search: $search, level: $level, first: 20) {\n      nodes { id code name level ancestors { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnitDetail($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      code\n      name\n      level\n      archived\n      openRequestCount\n      boundary { lat lng }\n      parent { id name }\n      ancestors { id name level }\n      secretary { id name phone }\n      responders { id name phone skills openAssignmentCount active }\n      members(first: 100) {\n        totalCount\n        nodes { id name phone partyMember responder skills active openAssignmentCount }\n      }\n    }\n  }\n"): (typeof documents)["\n  query UnitDetail($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      code\n      name\n      level\n      archived\n      openRequestCount\n      boundary { lat lng }\n      parent { id name }\n      ancestors { id name level }\n      secretary { id name phone }\n      responders { id name phone skills openAssignmentCount active }\n      members(first: 100) {\n        totalCount\n        nodes { id name phone partyMember responder skills active openAssignmentCount }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUnit($input: CreateOrgUnitInput!) {\n    createOrgUnit(input: $input) { id code name level }\n  }\n"): (typeof documents)["\n  mutation CreateUnit($input: CreateOrgUnitInput!) {\n    createOrgUnit(input: $input) { id code name level }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUnit($input: UpdateOrgUnitInput!) {\n    updateOrgUnit(input: $input) { id name boundary { lat lng } }\n  }\n"): (typeof documents)["\n  mutation UpdateUnit($input: UpdateOrgUnitInput!) {\n    updateOrgUnit(input: $input) { id name boundary { lat lng } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MoveUnit($input: MoveOrgUnitInput!) {\n    moveOrgUnit(input: $input) { id parent { id name } ancestors { id name } }\n  }\n"): (typeof documents)["\n  mutation MoveUnit($input: MoveOrgUnitInput!) {\n    moveOrgUnit(input: $input) { id parent { id name } ancestors { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveUnit($input: ArchiveOrgUnitInput!) {\n    archiveOrgUnit(input: $input) { id archived }\n  }\n"): (typeof documents)["\n  mutation ArchiveUnit($input: ArchiveOrgUnitInput!) {\n    archiveOrgUnit(input: $input) { id archived }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreUnit($input: RestoreOrgUnitInput!) {\n    restoreOrgUnit(input: $input) { id archived }\n  }\n"): (typeof documents)["\n  mutation RestoreUnit($input: RestoreOrgUnitInput!) {\n    restoreOrgUnit(input: $input) { id archived }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportUnits($input: ImportOrgUnitsInput!) {\n    importOrgUnits(input: $input) {\n      imported\n      total\n      byLevel { level count }\n      problems { line feature message text }\n    }\n  }\n"): (typeof documents)["\n  mutation ImportUnits($input: ImportOrgUnitsInput!) {\n    importOrgUnits(input: $input) {\n      imported\n      total\n      byLevel { level count }\n      problems { line feature message text }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($search: String, $after: String) {\n    users(search: $search, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id username name phone role active scope { id name } member { id name } }\n    }\n  }\n"): (typeof documents)["\n  query Users($search: String, $after: String) {\n    users(search: $search, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id username name phone role active scope { id name } member { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMember($input: CreateMemberInput!) {\n    createMember(input: $input) { id name }\n  }\n"): (typeof documents)["\n  mutation CreateMember($input: CreateMemberInput!) {\n    createMember(input: $input) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMember($input: UpdateMemberInput!) {\n    updateMember(input: $input) { id name phone partyMember responder skills active }\n  }\n"): (typeof documents)["\n  mutation UpdateMember($input: UpdateMemberInput!) {\n    updateMember(input: $input) { id name phone partyMember responder skills active }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSecretary($input: SetSecretaryInput!) {\n    setSecretary(input: $input) { id secretary { id name } }\n  }\n"): (typeof documents)["\n  mutation SetSecretary($input: SetSecretaryInput!) {\n    setSecretary(input: $input) { id secretary { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id username role }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) { id username role }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) { id role active scope { id name } }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($input: UpdateUserInput!) {\n    updateUser(input: $input) { id role active scope { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RequestRow on ServiceRequest {\n    id\n    number\n    status\n    description\n    category { code name }\n    unit { id name level }\n    courtyard { id name }\n    assignee { id name }\n    reporter { id }\n    acceptDueAt\n    resolveDueAt\n    createdAt\n    updatedAt\n    version\n    rating\n    escalationCount\n    reworkCount\n  }\n"): (typeof documents)["\n  fragment RequestRow on ServiceRequest {\n    id\n    number\n    status\n    description\n    category { code name }\n    unit { id name level }\n    courtyard { id name }\n    assignee { id name }\n    reporter { id }\n    acceptDueAt\n    resolveDueAt\n    createdAt\n    updatedAt\n    version\n    rating\n    escalationCount\n    reworkCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Requests($filter: ServiceRequestFilter, $orderBy: ServiceRequestOrder, $first: Int, $after: String) {\n    serviceRequests(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...RequestRow }\n    }\n  }\n"): (typeof documents)["\n  query Requests($filter: ServiceRequestFilter, $orderBy: ServiceRequestOrder, $first: Int, $after: String) {\n    serviceRequests(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { ...RequestRow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestDetail($id: ID!) {\n    serviceRequest(id: $id) {\n      ...RequestRow\n      location { lat lng }\n      address\n      reporter { id username name }\n      duplicateOf { id number }\n      courtyard { id name boundary { lat lng } }\n      unit { id name level children(first: 100) { nodes { id name level } } }\n      events {\n        id\n        type\n        at\n        note\n        fromStatus\n        toStatus\n        actor { username name }\n        unit { name }\n        assignee { name }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RequestDetail($id: ID!) {\n    serviceRequest(id: $id) {\n      ...RequestRow\n      location { lat lng }\n      address\n      reporter { id username name }\n      duplicateOf { id number }\n      courtyard { id name boundary { lat lng } }\n      unit { id name level children(first: 100) { nodes { id name level } } }\n      events {\n        id\n        type\n        at\n        note\n        fromStatus\n        toStatus\n        actor { username name }\n        unit { name }\n        assignee { name }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RespondersUnder($unitId: ID!) {\n    orgUnit(id: $unitId) {\n      id\n      level\n      responders { id name skills openAssignmentCount active unit { id name } }\n      descendants(level: COURTYARD_GROUP, first: 100) {\n        nodes { id name responders { id name skills openAssignmentCount active unit { id name } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RespondersUnder($unitId: ID!) {\n    orgUnit(id: $unitId) {\n      id\n      level\n      responders { id name skills openAssignmentCount active unit { id name } }\n      descendants(level: COURTYARD_GROUP, first: 100) {\n        nodes { id name responders { id name skills openAssignmentCount active unit { id name } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestByNumber($number: String!) {\n    serviceRequest(number: $number) { id number status }\n  }\n"): (typeof documents)["\n  query RequestByNumber($number: String!) {\n    serviceRequest(number: $number) { id number status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RequestChanged($unitId: ID) {\n    serviceRequestChanged(unitId: $unitId) {\n      requestId\n      event { id type at }\n      request { ...RequestRow }\n    }\n  }\n"): (typeof documents)["\n  subscription RequestChanged($unitId: ID) {\n    serviceRequestChanged(unitId: $unitId) {\n      requestId\n      event { id type at }\n      request { ...RequestRow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitRequest($input: SubmitServiceRequestInput!) {\n    submitServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation SubmitRequest($input: SubmitServiceRequestInput!) {\n    submitServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Dispatch($input: DispatchServiceRequestInput!) {\n    dispatchServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation Dispatch($input: DispatchServiceRequestInput!) {\n    dispatchServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Assign($input: AssignServiceRequestInput!) {\n    assignServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation Assign($input: AssignServiceRequestInput!) {\n    assignServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Accept($input: RequestActionInput!) {\n    acceptServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation Accept($input: RequestActionInput!) {\n    acceptServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Escalate($input: RequestActionInput!) {\n    escalateServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation Escalate($input: RequestActionInput!) {\n    escalateServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Resolve($input: RequestActionInput!) {\n    resolveServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation Resolve($input: RequestActionInput!) {\n    resolveServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Close($input: CloseServiceRequestInput!) {\n    closeServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation Close($input: CloseServiceRequestInput!) {\n    closeServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reopen($input: RequestActionInput!) {\n    reopenServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation Reopen($input: RequestActionInput!) {\n    reopenServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Cancel($input: CancelServiceRequestInput!) {\n    cancelServiceRequest(input: $input) { ...RequestRow }\n  }\n"): (typeof documents)["\n  mutation Cancel($input: CancelServiceRequestInput!) {\n    cancelServiceRequest(input: $input) { ...RequestRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverdueCount($unitId: ID!) {\n    serviceRequests(filter: { unitId: $unitId, overdue: true }, first: 1) { totalCount }\n  }\n"): (typeof documents)["\n  query OverdueCount($unitId: ID!) {\n    serviceRequests(filter: { unitId: $unitId, overdue: true }, first: 1) { totalCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Courtyards($search: String) {\n    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {\n      nodes { id code name boundary { lat lng } }\n    }\n  }\n"): (typeof documents)["\n  query Courtyards($search: String) {\n    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {\n      nodes { id code name boundary { lat lng } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCategories {\n    serviceCategories { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }\n  }\n"): (typeof documents)["\n  query AdminCategories {\n    serviceCategories { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertCategory($input: UpsertServiceCategoryInput!) {\n    upsertServiceCategory(input: $input) { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }\n  }\n"): (typeof documents)["\n  mutation UpsertCategory($input: UpsertServiceCategoryInput!) {\n    upsertServiceCategory(input: $input) { id code name acceptWithinMinutes resolveWithinHours workingTime duplicateRadiusMeters }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkingCalendar($from: String!, $to: String!) {\n    workingCalendar(from: $from, to: $to) { date workday note source }\n  }\n"): (typeof documents)["\n  query WorkingCalendar($from: String!, $to: String!) {\n    workingCalendar(from: $from, to: $to) { date workday note source }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCalendarDay($input: SetCalendarDayInput!) {\n    setCalendarDay(input: $input) { date workday note source }\n  }\n"): (typeof documents)["\n  mutation SetCalendarDay($input: SetCalendarDayInput!) {\n    setCalendarDay(input: $input) { date workday note source }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveCalendarOverride($date: String!) {\n    removeCalendarOverride(date: $date) { date workday note source }\n  }\n"): (typeof documents)["\n  mutation RemoveCalendarOverride($date: String!) {\n    removeCalendarOverride(date: $date) { date workday note source }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys { id name prefix createdAt lastUsedAt revoked user { id username } }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys { id name prefix createdAt lastUsedAt revoked user { id username } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name prefix createdAt lastUsedAt revoked user { id username } } }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) { secret apiKey { id name prefix createdAt lastUsedAt revoked user { id username } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { id revoked }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) { id revoked }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AssessmentFigures on UnitIndicators {\n    unit { id code name level }\n    received\n    cancelled\n    due\n    resolvedOnTime\n    closed\n    resolved\n    reworked\n    overdueUnresolved\n    escalations\n    rated\n    averageRating\n    onTimeRate\n    closureRate\n    reworkRate\n    satisfactionRate\n    inspectionFindings\n    findingsOverdue\n    negativeEntries\n    vetoed\n    deductions\n    score\n    grade\n  }\n"): (typeof documents)["\n  fragment AssessmentFigures on UnitIndicators {\n    unit { id code name level }\n    received\n    cancelled\n    due\n    resolvedOnTime\n    closed\n    resolved\n    reworked\n    overdueUnresolved\n    escalations\n    rated\n    averageRating\n    onTimeRate\n    closureRate\n    reworkRate\n    satisfactionRate\n    inspectionFindings\n    findingsOverdue\n    negativeEntries\n    vetoed\n    deductions\n    score\n    grade\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssessmentUnitPick($search: String, $parentId: ID, $level: OrgLevel) {\n    orgUnits(search: $search, parentId: $parentId, level: $level, first: 50) {\n      nodes { id code name level boundary { lat lng } ancestors { id } }\n    }\n  }\n"): (typeof documents)["\n  query AssessmentUnitPick($search: String, $parentId: ID, $level: OrgLevel) {\n    orgUnits(search: $search, parentId: $parentId, level: $level, first: 50) {\n      nodes { id code name level boundary { lat lng } ancestors { id } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssessmentScopeParent($id: ID!) {\n    orgUnit(id: $id) { id parent { id code name level boundary { lat lng } } }\n  }\n"): (typeof documents)["\n  query AssessmentScopeParent($id: ID!) {\n    orgUnit(id: $id) { id parent { id code name level boundary { lat lng } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssessmentRanking($unitId: ID, $from: DateTime!, $to: DateTime!, $level: OrgLevel) {\n    assessmentRanking(unitId: $unitId, from: $from, to: $to, level: $level) {\n      rank\n      indicators { ...AssessmentFigures }\n    }\n  }\n"): (typeof documents)["\n  query AssessmentRanking($unitId: ID, $from: DateTime!, $to: DateTime!, $level: OrgLevel) {\n    assessmentRanking(unitId: $unitId, from: $from, to: $to, level: $level) {\n      rank\n      indicators { ...AssessmentFigures }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UnitIndicators($id: ID!, $from: DateTime!, $to: DateTime!) {\n    orgUnit(id: $id) {\n      id\n      name\n      indicators(from: $from, to: $to) { ...AssessmentFigures }\n    }\n  }\n"): (typeof documents)["\n  query UnitIndicators($id: ID!, $from: DateTime!, $to: DateTime!) {\n    orgUnit(id: $id) {\n      id\n      name\n      indicators(from: $from, to: $to) { ...AssessmentFigures }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssessmentResult($period: String!, $unitId: ID) {\n    assessmentResult(period: $period, unitId: $unitId) {\n      id\n      period\n      unit { id name }\n      schemeVersion\n      publishedAt\n      publishedBy { id name username }\n      ranking { rank indicators { ...AssessmentFigures } }\n    }\n  }\n"): (typeof documents)["\n  query AssessmentResult($period: String!, $unitId: ID) {\n    assessmentResult(period: $period, unitId: $unitId) {\n      id\n      period\n      unit { id name }\n      schemeVersion\n      publishedAt\n      publishedBy { id name username }\n      ranking { rank indicators { ...AssessmentFigures } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishAssessment($input: PublishAssessmentInput!) {\n    publishAssessment(input: $input) { id period schemeVersion publishedAt }\n  }\n"): (typeof documents)["\n  mutation PublishAssessment($input: PublishAssessmentInput!) {\n    publishAssessment(input: $input) { id period schemeVersion publishedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssessmentScheme {\n    assessmentScheme {\n      version\n      onTimeWeight\n      closureWeight\n      reworkWeight\n      satisfactionWeight\n      findingDeduction\n      overdueFindingDeduction\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query AssessmentScheme {\n    assessmentScheme {\n      version\n      onTimeWeight\n      closureWeight\n      reworkWeight\n      satisfactionWeight\n      findingDeduction\n      overdueFindingDeduction\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAssessmentScheme($input: SetAssessmentSchemeInput!) {\n    setAssessmentScheme(input: $input) { version }\n  }\n"): (typeof documents)["\n  mutation SetAssessmentScheme($input: SetAssessmentSchemeInput!) {\n    setAssessmentScheme(input: $input) { version }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inspections($unitId: ID, $after: String) {\n    inspections(unitId: $unitId, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        unit { id name }\n        inspector { id name username }\n        covert\n        conductedAt\n        note\n        findings {\n          id\n          description\n          severity\n          location { lat lng }\n          request { id number status }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inspections($unitId: ID, $after: String) {\n    inspections(unitId: $unitId, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        unit { id name }\n        inspector { id name username }\n        covert\n        conductedAt\n        note\n        findings {\n          id\n          description\n          severity\n          location { lat lng }\n          request { id number status }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordInspection($input: RecordInspectionInput!) {\n    recordInspection(input: $input) { id findings { id request { id number } } }\n  }\n"): (typeof documents)["\n  mutation RecordInspection($input: RecordInspectionInput!) {\n    recordInspection(input: $input) { id findings { id request { id number } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProblemNotices($status: [NoticeStatus!], $after: String) {\n    problemNotices(status: $status, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        number\n        title\n        body\n        issuedBy { id name username }\n        issuedAt\n        rectifyBy\n        status\n        units { id name ancestors { id } }\n        requests { id number }\n        responses { unit { id name } report respondedBy { id name username } respondedAt late }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ProblemNotices($status: [NoticeStatus!], $after: String) {\n    problemNotices(status: $status, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        number\n        title\n        body\n        issuedBy { id name username }\n        issuedAt\n        rectifyBy\n        status\n        units { id name ancestors { id } }\n        requests { id number }\n        responses { unit { id name } report respondedBy { id name username } respondedAt late }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssueProblemNotice($input: IssueProblemNoticeInput!) {\n    issueProblemNotice(input: $input) { id number }\n  }\n"): (typeof documents)["\n  mutation IssueProblemNotice($input: IssueProblemNoticeInput!) {\n    issueProblemNotice(input: $input) { id number }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RespondToNotice($input: RespondToNoticeInput!) {\n    respondToProblemNotice(input: $input) { id status }\n  }\n"): (typeof documents)["\n  mutation RespondToNotice($input: RespondToNoticeInput!) {\n    respondToProblemNotice(input: $input) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseProblemNotice($input: NoticeIdInput!) {\n    closeProblemNotice(input: $input) { id status }\n  }\n"): (typeof documents)["\n  mutation CloseProblemNotice($input: NoticeIdInput!) {\n    closeProblemNotice(input: $input) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NegativeListItems {\n    negativeListItems { code description deduction veto }\n  }\n"): (typeof documents)["\n  query NegativeListItems {\n    negativeListItems { code description deduction veto }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpsertNegativeListItem($input: UpsertNegativeListItemInput!) {\n    upsertNegativeListItem(input: $input) { code description deduction veto }\n  }\n"): (typeof documents)["\n  mutation UpsertNegativeListItem($input: UpsertNegativeListItemInput!) {\n    upsertNegativeListItem(input: $input) { code description deduction veto }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NegativeEntries($includeRevoked: Boolean, $after: String) {\n    negativeListEntries(includeRevoked: $includeRevoked, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        unit { id name }\n        item { code description deduction veto }\n        occurredAt\n        note\n        recordedBy { id name username }\n        revoked\n        revokedReason\n      }\n    }\n  }\n"): (typeof documents)["\n  query NegativeEntries($includeRevoked: Boolean, $after: String) {\n    negativeListEntries(includeRevoked: $includeRevoked, first: 50, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes {\n        id\n        unit { id name }\n        item { code description deduction veto }\n        occurredAt\n        note\n        recordedBy { id name username }\n        revoked\n        revokedReason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordNegativeEntry($input: RecordNegativeEntryInput!) {\n    recordNegativeEntry(input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation RecordNegativeEntry($input: RecordNegativeEntryInput!) {\n    recordNegativeEntry(input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeNegativeEntry($input: RevokeNegativeEntryInput!) {\n    revokeNegativeEntry(input: $input) { id revoked }\n  }\n"): (typeof documents)["\n  mutation RevokeNegativeEntry($input: RevokeNegativeEntryInput!) {\n    revokeNegativeEntry(input: $input) { id revoked }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FacilityCourtyards($search: String) {\n    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {\n      nodes { id code name }\n    }\n  }\n"): (typeof documents)["\n  query FacilityCourtyards($search: String) {\n    orgUnits(level: COURTYARD_GROUP, search: $search, first: 100) {\n      nodes { id code name }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CourtyardFacilities($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      code\n      name\n      boundary { lat lng }\n      ancestors { id name }\n      facilities(first: 100) {\n        totalCount\n        nodes { id code name status installedAt openRequestCount location { lat lng } type { code name } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CourtyardFacilities($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      code\n      name\n      boundary { lat lng }\n      ancestors { id name }\n      facilities(first: 100) {\n        totalCount\n        nodes { id code name status installedAt openRequestCount location { lat lng } type { code name } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CoverageUnits($search: String) {\n    orgUnits(search: $search, first: 100) {\n      nodes { id code name level }\n    }\n  }\n"): (typeof documents)["\n  query CoverageUnits($search: String) {\n    orgUnits(search: $search, first: 100) {\n      nodes { id code name level }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FacilityCoverage($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      name\n      facilityCoverage {\n        type { code name }\n        courtyards\n        courtyardsWithType\n        lacking { id code name }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FacilityCoverage($id: ID!) {\n    orgUnit(id: $id) {\n      id\n      name\n      facilityCoverage {\n        type { code name }\n        courtyards\n        courtyardsWithType\n        lacking { id code name }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateFacilityStatus($input: UpdateFacilityInput!) {\n    updateFacility(input: $input) { id status }\n  }\n"): (typeof documents)["\n  mutation UpdateFacilityStatus($input: UpdateFacilityInput!) {\n    updateFacility(input: $input) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RequestExtras($id: ID!) {\n    serviceRequest(id: $id) {\n      id\n      followerCount\n      location { lat lng }\n      facility { id code name status type { name } courtyard { id name } }\n      possibleDuplicates {\n        id\n        number\n        status\n        description\n        createdAt\n        location { lat lng }\n        category { name }\n        courtyard { name }\n        facility { code }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RequestExtras($id: ID!) {\n    serviceRequest(id: $id) {\n      id\n      followerCount\n      location { lat lng }\n      facility { id code name status type { name } courtyard { id name } }\n      possibleDuplicates {\n        id\n        number\n        status\n        description\n        createdAt\n        location { lat lng }\n        category { name }\n        courtyard { name }\n        facility { code }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SimilarRequests($categoryCode: String!, $location: GeoPointInput, $facilityId: ID) {\n    similarServiceRequests(categoryCode: $categoryCode, location: $location, facilityId: $facilityId) {\n      requestId\n      number\n      categoryCode\n      status\n      distanceMeters\n      createdAt\n      facilityCode\n    }\n  }\n"): (typeof documents)["\n  query SimilarRequests($categoryCode: String!, $location: GeoPointInput, $facilityId: ID) {\n    similarServiceRequests(categoryCode: $categoryCode, location: $location, facilityId: $facilityId) {\n      requestId\n      number\n      categoryCode\n      status\n      distanceMeters\n      createdAt\n      facilityCode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FollowRequest($input: FollowServiceRequestInput!) {\n    followServiceRequest(input: $input) { id status followerCount }\n  }\n"): (typeof documents)["\n  mutation FollowRequest($input: FollowServiceRequestInput!) {\n    followServiceRequest(input: $input) { id status followerCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VolunteerCard on Volunteer {\n    id\n    number\n    name\n    phone\n    skills\n    totalHours\n    starLevel\n    eligibleStarLevel\n    registeredAt\n    active\n    unit { id name }\n    user { id username }\n    organizations { id name }\n  }\n"): (typeof documents)["\n  fragment VolunteerCard on Volunteer {\n    id\n    number\n    name\n    phone\n    skills\n    totalHours\n    starLevel\n    eligibleStarLevel\n    registeredAt\n    active\n    unit { id name }\n    user { id username }\n    organizations { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment HoursEntryRow on VolunteerHoursEntry {\n    id\n    hours\n    source\n    status\n    serviceDate\n    description\n    note\n    createdAt\n    decidedAt\n    organization { id name }\n    activity { id title }\n    recordedBy { id username name }\n    decidedBy { id username name }\n  }\n"): (typeof documents)["\n  fragment HoursEntryRow on VolunteerHoursEntry {\n    id\n    hours\n    source\n    status\n    serviceDate\n    description\n    note\n    createdAt\n    decidedAt\n    organization { id name }\n    activity { id title }\n    recordedBy { id username name }\n    decidedBy { id username name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ActivityRow on VolunteerActivity {\n    id\n    title\n    description\n    address\n    startsAt\n    endsAt\n    capacity\n    signupCount\n    status\n    version\n    checkInCode\n    unit { id name }\n    organization { id name }\n  }\n"): (typeof documents)["\n  fragment ActivityRow on VolunteerActivity {\n    id\n    title\n    description\n    address\n    startsAt\n    endsAt\n    capacity\n    signupCount\n    status\n    version\n    checkInCode\n    unit { id name }\n    organization { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyVolunteer {\n    myVolunteer {\n      ...VolunteerCard\n      starAwards { id level awardedAt effectiveAt revoked }\n      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }\n      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }\n    }\n  }\n"): (typeof documents)["\n  query MyVolunteer {\n    myVolunteer {\n      ...VolunteerCard\n      starAwards { id level awardedAt effectiveAt revoked }\n      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }\n      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenActivities {\n    volunteerActivities(status: [PUBLISHED], first: 50) {\n      nodes {\n        ...ActivityRow\n        signups(first: 100) { nodes { id status checkedInAt checkedOutAt volunteer { id } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OpenActivities {\n    volunteerActivities(status: [PUBLISHED], first: 50) {\n      nodes {\n        ...ActivityRow\n        signups(first: 100) { nodes { id status checkedInAt checkedOutAt volunteer { id } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ManagedOrganizations($search: String) {\n    volunteerOrganizations(search: $search, first: 100) {\n      nodes { id name kind active volunteerCount unit { id name ancestors { id } } managers { id } }\n    }\n  }\n"): (typeof documents)["\n  query ManagedOrganizations($search: String) {\n    volunteerOrganizations(search: $search, first: 100) {\n      nodes { id name kind active volunteerCount unit { id name ancestors { id } } managers { id } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterVolunteer($input: RegisterVolunteerInput!) {\n    registerVolunteer(input: $input) { ...VolunteerCard }\n  }\n"): (typeof documents)["\n  mutation RegisterVolunteer($input: RegisterVolunteerInput!) {\n    registerVolunteer(input: $input) { ...VolunteerCard }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUpForActivity($input: SignUpInput!) {\n    signUpForActivity(input: $input) { id status activity { id signupCount version } }\n  }\n"): (typeof documents)["\n  mutation SignUpForActivity($input: SignUpInput!) {\n    signUpForActivity(input: $input) { id status activity { id signupCount version } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelSignup($input: SignUpInput!) {\n    cancelSignup(input: $input) { id status activity { id signupCount version } }\n  }\n"): (typeof documents)["\n  mutation CancelSignup($input: SignUpInput!) {\n    cancelSignup(input: $input) { id status activity { id signupCount version } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckIn($input: CheckInInput!) {\n    checkIn(input: $input) { id status checkedInAt checkedOutAt }\n  }\n"): (typeof documents)["\n  mutation CheckIn($input: CheckInInput!) {\n    checkIn(input: $input) { id status checkedInAt checkedOutAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckOut($input: CheckInInput!) {\n    checkOut(input: $input) { id status checkedInAt checkedOutAt }\n  }\n"): (typeof documents)["\n  mutation CheckOut($input: CheckInInput!) {\n    checkOut(input: $input) { id status checkedInAt checkedOutAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssueCertificate($input: IssueCertificateInput!) {\n    issueVolunteerCertificate(input: $input) { number verificationCode hours starLevel issuedAt revoked }\n  }\n"): (typeof documents)["\n  mutation IssueCertificate($input: IssueCertificateInput!) {\n    issueVolunteerCertificate(input: $input) { number verificationCode hours starLevel issuedAt revoked }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeCertificate($input: RevokeCertificateInput!) {\n    revokeVolunteerCertificate(input: $input) { number revoked }\n  }\n"): (typeof documents)["\n  mutation RevokeCertificate($input: RevokeCertificateInput!) {\n    revokeVolunteerCertificate(input: $input) { number revoked }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CheckCertificate($number: String!, $verificationCode: String!) {\n    checkVolunteerCertificate(number: $number, verificationCode: $verificationCode) {\n      number valid volunteerName hours starLevel issuedByName issuedAt revoked\n    }\n  }\n"): (typeof documents)["\n  query CheckCertificate($number: String!, $verificationCode: String!) {\n    checkVolunteerCertificate(number: $number, verificationCode: $verificationCode) {\n      number valid volunteerName hours starLevel issuedByName issuedAt revoked\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VolunteerActivities($status: [ActivityStatus!], $first: Int) {\n    volunteerActivities(status: $status, first: $first) {\n      totalCount\n      nodes { ...ActivityRow }\n    }\n  }\n"): (typeof documents)["\n  query VolunteerActivities($status: [ActivityStatus!], $first: Int) {\n    volunteerActivities(status: $status, first: $first) {\n      totalCount\n      nodes { ...ActivityRow }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on VolunteerActivity {\n        ...ActivityRow\n        signups(first: 100) {\n          totalCount\n          nodes { id status checkedInAt checkedOutAt createdAt volunteer { id number name } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ActivityDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on VolunteerActivity {\n        ...ActivityRow\n        signups(first: 100) {\n          totalCount\n          nodes { id status checkedInAt checkedOutAt createdAt volunteer { id number name } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateVolunteerActivity($input: CreateVolunteerActivityInput!) {\n    createVolunteerActivity(input: $input) { ...ActivityRow }\n  }\n"): (typeof documents)["\n  mutation CreateVolunteerActivity($input: CreateVolunteerActivityInput!) {\n    createVolunteerActivity(input: $input) { ...ActivityRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CloseVolunteerActivity($input: ActivityIdInput!) {\n    closeVolunteerActivity(input: $input) { id status version }\n  }\n"): (typeof documents)["\n  mutation CloseVolunteerActivity($input: ActivityIdInput!) {\n    closeVolunteerActivity(input: $input) { id status version }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelVolunteerActivity($input: ActivityIdInput!) {\n    cancelVolunteerActivity(input: $input) { id status version }\n  }\n"): (typeof documents)["\n  mutation CancelVolunteerActivity($input: ActivityIdInput!) {\n    cancelVolunteerActivity(input: $input) { id status version }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Volunteers($filter: VolunteerFilter, $first: Int) {\n    volunteers(filter: $filter, first: $first) {\n      totalCount\n      nodes { ...VolunteerCard }\n    }\n  }\n"): (typeof documents)["\n  query Volunteers($filter: VolunteerFilter, $first: Int) {\n    volunteers(filter: $filter, first: $first) {\n      totalCount\n      nodes { ...VolunteerCard }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VolunteerDetail($id: ID!) {\n    volunteer(id: $id) {\n      ...VolunteerCard\n      starAwards { id level awardedAt effectiveAt revoked note awardedBy { id username name } }\n      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }\n      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }\n    }\n  }\n"): (typeof documents)["\n  query VolunteerDetail($id: ID!) {\n    volunteer(id: $id) {\n      ...VolunteerCard\n      starAwards { id level awardedAt effectiveAt revoked note awardedBy { id username name } }\n      certificates { number verificationCode hours starLevel issuedAt revoked issuedBy { id name } }\n      hours(first: 50) { totalCount nodes { ...HoursEntryRow } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BackfillVolunteerHours($input: BackfillHoursInput!) {\n    backfillVolunteerHours(input: $input) { ...HoursEntryRow }\n  }\n"): (typeof documents)["\n  mutation BackfillVolunteerHours($input: BackfillHoursInput!) {\n    backfillVolunteerHours(input: $input) { ...HoursEntryRow }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingVolunteerHours($first: Int) {\n    pendingVolunteerHours(first: $first) {\n      totalCount\n      nodes { ...HoursEntryRow volunteer { id number name } }\n    }\n  }\n"): (typeof documents)["\n  query PendingVolunteerHours($first: Int) {\n    pendingVolunteerHours(first: $first) {\n      totalCount\n      nodes { ...HoursEntryRow volunteer { id number name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideVolunteerHours($input: DecideHoursInput!) {\n    decideVolunteerHours(input: $input) { id status decidedAt decidedBy { id username } }\n  }\n"): (typeof documents)["\n  mutation DecideVolunteerHours($input: DecideHoursInput!) {\n    decideVolunteerHours(input: $input) { id status decidedAt decidedBy { id username } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AwardStarLevel($input: AwardStarInput!) {\n    awardStarLevel(input: $input) { id level awardedAt effectiveAt revoked }\n  }\n"): (typeof documents)["\n  mutation AwardStarLevel($input: AwardStarInput!) {\n    awardStarLevel(input: $input) { id level awardedAt effectiveAt revoked }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeStarAward($input: RevokeStarAwardInput!) {\n    revokeStarAward(input: $input) { id revoked }\n  }\n"): (typeof documents)["\n  mutation RevokeStarAward($input: RevokeStarAwardInput!) {\n    revokeStarAward(input: $input) { id revoked }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CorrectVolunteerHours($input: CorrectHoursInput!) {\n    correctVolunteerHours(input: $input) { ...HoursEntryRow }\n  }\n"): (typeof documents)["\n  mutation CorrectVolunteerHours($input: CorrectHoursInput!) {\n    correctVolunteerHours(input: $input) { ...HoursEntryRow }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;