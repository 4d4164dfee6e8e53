/**
 * `POST /api/v1/estimate` (../shared/ARCHITECTURE.md): validates the JSON body, fills `asOf` with today's date in
 * Vietnam when absent, and answers `estimate()`. A bad field → 400 naming it in Vietnamese and English; a date the
 * policy data does not cover → 422.
 */
import express, { type ErrorRequestHandler, type Router } from 'express';
import { ErrorCodes, isAppError } from '../errors.ts';
import { estimate, parseEstimateRequest, vietnamDate } from '../insurance/index.ts';

export interface EstimateRouteOptions {
  /** Today's date as YYYY-MM-DD; injectable so tests are not tied to the clock. */
  today?: () => string;
}

function invalid(field: string, message_vi: string, message_en: string) {
  return { error: { code: ErrorCodes.ESTIMATE_INPUT_INVALID, field, message_vi, message_en } };
}

export function createEstimateRouter(opts: EstimateRouteOptions = {}): Router {
  const today = opts.today ?? (() => vietnamDate(new Date()));
  const router = express.Router();

  router.post('/api/v1/estimate', express.json({ limit: '16kb' }), (req, res) => {
    const parsed = parseEstimateRequest(req.body);
    if (!parsed.ok) {
      const p = parsed.problem;
      res.status(400).json(invalid(p.field, p.message_vi, p.message_en));
      return;
    }
    const asOf = parsed.value.asOf ?? today();
    try {
      res.json(estimate({ ...parsed.value, asOf }));
    } catch (err) {
      if (isAppError(err, ErrorCodes.POLICY_DATE_UNCOVERED)) {
        res.status(422).json({
          error: {
            code: ErrorCodes.POLICY_DATE_UNCOVERED,
            field: 'asOf',
            message_vi: `Chưa có dữ liệu chính sách cho ngày ${asOf} (chỉ tính từ 01/07/2025, theo Luật BHXH 2024).`,
            message_en: `No policy data for ${asOf} (covered from 2025-07-01 under the 2024 Social Insurance Law).`,
          },
        });
        return;
      }
      throw err;
    }
  });

  // A body that is not JSON at all never reaches the handler: answer it here, in the route's own error shape.
  const onBodyError: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, next) => {
    if (err.type === 'entity.parse.failed') {
      res.status(400).json(invalid('body', 'Nội dung yêu cầu không phải JSON hợp lệ.', 'The request body is not valid JSON.'));
      return;
    }
    next(err);
  };
  router.use('/api/v1/estimate', onBodyError);
  return router;
}
