-- One row per dimension × object (units, projects, counterparts …) with the latest export's name.
with objects as (
    select * from {{ ref('stg_sie__objects') }}
    qualify row_number() over (partition by dimension_no, object_code order by fiscal_year_start desc) = 1
),

dimensions as (
    select * from {{ ref('stg_sie__dimensions') }}
    qualify row_number() over (partition by dimension_no order by fiscal_year_start desc) = 1
),

final as (
    select
        objects.dimension_no,
        dimensions.dimension_name,
        case objects.dimension_no
            when {{ entity_dimension('unit') }} then 'unit'
            when {{ entity_dimension('project') }} then 'project'
            when {{ entity_dimension('counterpart') }} then 'counterpart'
        end as dimension_role,
        objects.object_code,
        objects.object_name
    from objects
    left join dimensions using (dimension_no)
)

select * from final
