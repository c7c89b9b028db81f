import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsString, MaxLength } from 'class-validator';
import { OrgLevel } from '../org-unit.model.js';

/** The two file formats of `npm run cli -- import` (see src/modules/org/import/tree-file.ts). */
export enum TreeFileFormatName {
  CSV = 'CSV',
  GEOJSON = 'GEOJSON',
}
registerEnumType(TreeFileFormatName, {
  name: 'TreeFileFormat',
  description: 'CSV: header code,parent_code,level,name[,boundary]; GEOJSON: a FeatureCollection of Polygons.',
});

/** The HTTP body limit is 1 MiB; the file's text travels in the variables. */
export const MAX_TREE_FILE_CHARS = 900_000;

@InputType()
export class ImportOrgUnitsInput {
  @Field({ description: "The file's whole text (UTF-8; a BOM is allowed)." })
  @IsString()
  @MaxLength(MAX_TREE_FILE_CHARS, { message: `text may have at most ${MAX_TREE_FILE_CHARS} characters` })
  text: string;

  @Field(() => TreeFileFormatName)
  @IsEnum(TreeFileFormatName)
  format: TreeFileFormatName;
}

@ObjectType({ description: 'What is wrong with one row of the file, or with the whole file.' })
export class TreeImportProblem {
  @Field(() => Int, { nullable: true, description: 'The CSV line the row starts on (the header is line 1).' })
  line: number | null;

  @Field(() => Int, { nullable: true, description: 'The GeoJSON feature, from 1.' })
  feature: number | null;

  @Field()
  message: string;

  @Field({ description: 'As the CLI prints it: "line 3: code BL-01 is already used on line 2".' })
  text: string;
}

@ObjectType()
export class TreeImportLevelCount {
  @Field(() => OrgLevel) level: OrgLevel;
  @Field(() => Int) count: number;
}

@ObjectType({ description: "The CLI import's report: the whole file imported, or nothing and every problem." })
export class TreeImportReport {
  @Field() imported: boolean;
  @Field(() => Int, { description: 'Units created (0 when not imported).' }) total: number;
  @Field(() => [TreeImportLevelCount]) byLevel: TreeImportLevelCount[];
  @Field(() => [TreeImportProblem], { description: 'In file order, file-wide problems first.' }) problems: TreeImportProblem[];
}
