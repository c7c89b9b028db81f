// The people module's surface: members and user accounts. It owns the tables member and
// app_user (with user_role); other modules change them only through these services and read
// them in their own SQL only through memberSql and userSql.
export { PeopleModule } from './people.module.js';
export { MembersService } from './members.service.js';
export { UsersService } from './users.service.js';
export { AccountsService, type AccessRow, type SignInAccount } from './accounts.service.js';
export { PeopleFieldMaps } from './people.fields.js';
export { StopsResponding, type StopsRespondingHandler } from './people.ports.js';
export { ACCOUNT_NOT_AS_READ, accountIsAsReadSql, memberSql, userSql } from './people.sql.js';
export { Member, type MemberRow } from './member.model.js';
export { AuthPayload, User, type UserRow } from './user.model.js';
export { ChangePasswordInput, LoginInput, RegisterResidentInput } from './dtos/people.inputs.js';
export { PasswordService } from './password.service.js';
export { bootstrapAdmin } from './bootstrap-admin.js';
export { seedDemoResponders } from './demo-responders.js';
